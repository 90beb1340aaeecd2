package io.jconmon.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A k8s-file log parsed strictly (conmon-interface.md §5.2.2) and normalized for comparison. */
final class K8sLog {
    /** {@code YYYY-MM-DDTHH:MM:SS.NNNNNNNNN+HH:MM}: always 35 characters. */
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d");
    /** conmon's read buffer: no record carries more content than this. */
    static final int MAX_CONTENT = 8192;

    record Record(String timestamp, String stream, char tag, byte[] content) {
        /** The record without its timestamp, non-printable bytes escaped: what the comparison sees. */
        String normalized() {
            return stream + " " + tag + " " + escape(content);
        }
    }

    final List<Record> records;

    private K8sLog(List<Record> records) {
        this.records = records;
    }

    /** Parses every line, failing with the offending line on any format violation. */
    static K8sLog parse(String who, byte[] file) {
        if (file == null) {
            throw new AssertionError(who + ": no log file");
        }
        List<Record> out = new ArrayList<>();
        int pos = 0;
        int lineNo = 0;
        while (pos < file.length) {
            lineNo++;
            int nl = indexOf(file, (byte) '\n', pos);
            if (nl < 0) {
                throw new AssertionError(who + ": log line " + lineNo + " has no terminating newline: "
                        + escape(slice(file, pos, file.length)));
            }
            byte[] line = slice(file, pos, nl);
            String head = new String(line, 0, Math.min(45, line.length), StandardCharsets.ISO_8859_1);
            if (line.length < 45 || head.charAt(35) != ' ' || head.charAt(42) != ' ' || head.charAt(44) != ' ') {
                throw new AssertionError(who + ": log line " + lineNo + " is not '<ts> <stream> <F|P> <content>': "
                        + escape(line));
            }
            String ts = head.substring(0, 35);
            if (!TIMESTAMP.matcher(ts).matches()) {
                throw new AssertionError(who + ": log line " + lineNo + " has a bad timestamp '" + ts + "'");
            }
            String stream = head.substring(36, 42);
            if (!stream.equals("stdout") && !stream.equals("stderr")) {
                throw new AssertionError(who + ": log line " + lineNo + " has a bad stream '" + stream + "'");
            }
            char tag = head.charAt(43);
            if (tag != 'F' && tag != 'P') {
                throw new AssertionError(who + ": log line " + lineNo + " has a bad tag '" + tag + "'");
            }
            out.add(new Record(ts, stream, tag, slice(line, 45, line.length)));
            pos = nl + 1;
        }
        return new K8sLog(out);
    }

    /** Records of one stream, normalized, in file order. */
    List<String> normalized(String stream) {
        return records.stream().filter(r -> r.stream.equals(stream)).map(Record::normalized).toList();
    }

    /** All records normalized, in file order (only for single-stream output). */
    List<String> normalized() {
        return records.stream().map(Record::normalized).toList();
    }

    /** The bytes the container wrote to {@code stream}, reassembled from P and F records (§5.2.9, CRI-O parseLog). */
    byte[] reassemble(String stream) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Record r : records) {
            if (r.stream.equals(stream)) {
                b.writeBytes(r.content);
                if (r.tag == 'F') {
                    b.write('\n');
                }
            }
        }
        return b.toByteArray();
    }

    List<Record> of(String stream) {
        return records.stream().filter(r -> r.stream.equals(stream)).toList();
    }

    /** The numeric UTC offsets used (e.g. "+00:00"). */
    List<String> offsets() {
        return records.stream().map(r -> r.timestamp.substring(29)).distinct().toList();
    }

    /** True if the timestamps never go backwards in file order. */
    boolean timestampsNonDecreasing() {
        for (int i = 1; i < records.size(); i++) {
            // Same offset throughout (checked separately), so the text sorts like the instant.
            if (records.get(i).timestamp.compareTo(records.get(i - 1).timestamp) < 0) {
                return false;
            }
        }
        return true;
    }

    static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\\') {
                s.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
