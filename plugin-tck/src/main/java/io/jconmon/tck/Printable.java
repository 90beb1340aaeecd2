package io.jconmon.tck;

/** Content bytes as a short, readable string for failure messages: ASCII as is, the rest as escapes. */
final class Printable {
    private static final int SHOWN = 80;

    private Printable() {}

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder().append(bytes.length).append(" bytes \"");
        for (int i = 0; i < bytes.length && i < SHOWN; i++) {
            int b = bytes[i] & 0xff;
            if (b == '"' || b == '\\') {
                out.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.append(bytes.length > SHOWN ? "\"..." : "\"").toString();
    }
}
