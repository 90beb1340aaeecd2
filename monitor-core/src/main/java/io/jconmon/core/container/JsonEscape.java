package io.jconmon.core.container;

import java.io.ByteArrayOutputStream;

/**
 * conmon's JSON string escaping for sync-pipe messages (§2.9): {@code \\ \" \/ \n \r \t \b \f},
 * other bytes below 0x20 and 0x7F as backslash-u00XX in lower-case hex, bytes from 0x80 up
 * passed through unchanged (so invalid UTF-8 from a runtime survives as is).
 */
final class JsonEscape {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonEscape() {}

    static byte[] escape(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        for (byte b : in) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '/' -> out.writeBytes(new byte[] {'\\', '/'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xf]});
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        return out.toByteArray();
    }
}
