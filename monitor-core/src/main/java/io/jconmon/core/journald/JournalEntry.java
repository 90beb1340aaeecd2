package io.jconmon.core.journald;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One entry in journald's native protocol (systemd's "Native Journal Protocol"): fields as
 * {@code KEY=value\n}, or, when the value contains a newline, {@code KEY\n} + the value's length as
 * a little-endian 64-bit integer + the value + {@code \n}. Reused: {@link #reset()} between entries.
 */
final class JournalEntry {
    /** A byte stream whose buffer is sent as it is, without a copy per entry. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    private final Buffer out = new Buffer(32 * 1024);

    void reset() {
        out.reset();
    }

    void field(String key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        field(key, bytes, 0, bytes.length);
    }

    /** A field whose value is {@code value[off, off+n)}. */
    void field(String key, byte[] value, int off, int n) {
        boolean binary = false;
        for (int i = off; i < off + n; i++) {
            if (value[i] == '\n') {
                binary = true;
                break;
            }
        }
        out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
        if (binary) {
            out.write('\n');
            long size = n;
            for (int i = 0; i < 8; i++) {
                out.write((int) (size >>> (8 * i)) & 0xff);
            }
        } else {
            out.write('=');
        }
        out.write(value, off, n);
        out.write('\n');
    }

    /** The entry's bytes are {@code array()[0, length())}; valid until the next change. */
    byte[] array() {
        return out.array();
    }

    int length() {
        return out.size();
    }

}
