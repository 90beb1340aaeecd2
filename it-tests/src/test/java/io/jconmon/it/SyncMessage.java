package io.jconmon.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sync-pipe line (conmon-interface.md §2.9): {@code {"data": N}} or
 * {@code {"data": N, "message": "TEXT"}}, with exactly that spacing.
 */
record SyncMessage(int data, String message) {
    private static final Pattern LINE = Pattern.compile("\\{\"data\": (-?\\d+)(?:, \"message\": \"((?:[^\"\\\\]|\\\\.)*)\")?\\}");

    /** Parses a line, failing if it does not have conmon's exact shape. */
    static SyncMessage parse(String who, String line) {
        if (line == null) {
            throw new AssertionError(who + ": nothing on the sync pipe (EOF)");
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new AssertionError(who + ": sync line does not have conmon's shape: " + line);
        }
        return new SyncMessage(Integer.parseInt(m.group(1)), m.group(2) == null ? null : unescape(m.group(2)));
    }

    /** Decodes a JSON string body (bytes >= 0x80 were passed through; the line was read as UTF-8). */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e); // \\ \" \/
            }
        }
        return out.toString();
    }

    /**
     * conmon 2.2.x's escaping ({@code escape_json_string} since commit 49017b5, which jconmon
     * follows): \\ \" \/ \n \r \t \b \f, other controls and 0x7f as backslash-u-00xx, the rest verbatim.
     */
    static String escape22(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            String rep = switch (c) {
                case '\\' -> "\\\\";
                case '"' -> "\\\"";
                case '/' -> "\\/";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> c < 0x20 || c == 0x7f ? String.format("\\u00%02x", c) : null;
            };
            if (rep != null) {
                out.writeBytes(rep.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
