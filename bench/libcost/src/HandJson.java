import java.nio.charset.StandardCharsets;

/** Variant "handjson": the same {"data":1234} write with a StringBuilder and a minimal escaper; no parser. */
public final class HandJson {
    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    public static void main(String[] args) throws Exception {
        StringBuilder sb = new StringBuilder(32).append('{');
        string(sb, "data").append(':').append(1234).append('}');
        byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (out.length != 13) throw new IllegalStateException("write");
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
