package io.jconmon.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journal entries read back with {@code journalctl -o export}, parsed strictly: each entry is a
 * run of fields ended by an empty line; a field is {@code KEY=value\n}, or, when the value is not
 * plain text (newlines, control bytes, invalid UTF-8), {@code KEY\n} + the value's length as a
 * little-endian 64-bit integer + the value + {@code \n} (systemd's "Journal Export Format").
 */
final class JournalExport {
    /** One entry: every field's values in arrival order (a field may repeat). */
    record Entry(Map<String, List<byte[]>> fields) {
        /** The only value of {@code key}, or null; fails if it repeats. */
        byte[] get(String key) {
            List<byte[]> v = fields.get(key);
            if (v == null) {
                return null;
            }
            if (v.size() != 1) {
                throw new AssertionError("field " + key + " repeats " + v.size() + " times");
            }
            return v.get(0);
        }

        String text(String key) {
            byte[] v = get(key);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        byte[] message() {
            return get("MESSAGE");
        }
    }

    private JournalExport() {}

    /** Parses a whole {@code -o export} stream. */
    static List<Entry> parse(byte[] b) {
        List<Entry> out = new ArrayList<>();
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        int pos = 0;
        while (pos < b.length) {
            if (b[pos] == '\n') { // the empty line that ends an entry
                if (!fields.isEmpty()) {
                    out.add(new Entry(fields));
                    fields = new LinkedHashMap<>();
                }
                pos++;
                continue;
            }
            int end = pos;
            while (end < b.length && b[end] != '\n' && b[end] != '=') {
                end++;
            }
            if (end >= b.length) {
                throw new AssertionError("export stream ends inside a field name at byte " + pos);
            }
            String key = new String(b, pos, end - pos, StandardCharsets.US_ASCII);
            byte[] value;
            if (b[end] == '=') {
                int nl = end + 1;
                while (nl < b.length && b[nl] != '\n') {
                    nl++;
                }
                if (nl >= b.length) {
                    throw new AssertionError("field " + key + " has no terminating newline");
                }
                value = java.util.Arrays.copyOfRange(b, end + 1, nl);
                pos = nl + 1;
            } else {
                int at = end + 1;
                if (at + 8 > b.length) {
                    throw new AssertionError("binary field " + key + " is cut before its length");
                }
                long len = 0;
                for (int i = 7; i >= 0; i--) {
                    len = (len << 8) | (b[at + i] & 0xff);
                }
                at += 8;
                if (len < 0 || at + len + 1 > b.length || b[(int) (at + len)] != '\n') {
                    throw new AssertionError("binary field " + key + " of length " + len + " is malformed");
                }
                value = java.util.Arrays.copyOfRange(b, at, (int) (at + len));
                pos = (int) (at + len + 1);
            }
            fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        if (!fields.isEmpty()) {
            out.add(new Entry(fields));
        }
        return out;
    }

    /**
     * The entries matching every {@code FIELD=value} in {@code matches}, in journal order, from
     * the journal of {@code namespace} (null: the host's default journal).
     */
    static List<Entry> read(String namespace, String... matches) throws IOException, InterruptedException {
        return readFields(namespace, null, matches);
    }

    /** {@link #read(String, String...)} with only {@code fields} (comma-separated; null: all) shown, for big reads. */
    static List<Entry> readFields(String namespace, String fields, String... matches) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "export"));
        if (namespace != null) {
            cmd.add("--namespace=" + namespace);
        }
        if (fields != null) {
            cmd.add("--output-fields=" + fields);
        }
        cmd.addAll(List.of(matches));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish in 60 s");
        }
        return parse(out.toByteArray());
    }

    /** The MESSAGEs of {@code entries} with {@code PRIORITY=priority}, concatenated. */
    static byte[] messages(List<Entry> entries, String priority) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Entry e : entries) {
            if (priority.equals(e.text("PRIORITY"))) {
                b.writeBytes(e.message());
            }
        }
        return b.toByteArray();
    }
}
