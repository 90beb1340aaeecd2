package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;

/**
 * Parses conmon's k8s-file (CRI) lines, {@code <timestamp> <stdout|stderr> <P|F> <content>}
 * (conmon-interface.md §5.2.2), as Podman does (§5.2.9): fields split at the first three spaces,
 * the rest is the content byte for byte. Timestamps of any RFC 3339 form are taken, since the
 * kubelet's and CRI-O's writers use other fraction lengths than conmon.
 */
final class K8sFileParser implements EntryParser {

    @Override
    public String parse(byte[] line, int from, int to, LogEntry into) {
        int space1 = indexOf(line, (byte) ' ', from, to);
        if (space1 < 0) {
            return "not a k8s-file line (expected '<timestamp> <stream> <P|F> <content>')";
        }
        long nanos = Rfc3339Time.parseNanos(line, from, space1);
        if (nanos == Rfc3339Time.INVALID) {
            return "bad timestamp in k8s-file line";
        }
        // "stdout" and "stderr" are 6 bytes, the tag 1: "<ts> stdout F " needs 9 more bytes.
        int streamAt = space1 + 1;
        if (to - streamAt < 8 || line[streamAt + 6] != ' ' || (to - streamAt > 8 && line[streamAt + 8] != ' ')) {
            return "not a k8s-file line (expected '<timestamp> <stream> <P|F> <content>')";
        }
        LogStream stream = streamOf(line, streamAt);
        if (stream == null) {
            return "unknown stream in k8s-file line";
        }
        byte tag = line[streamAt + 7];
        if (tag != 'F' && tag != 'P') {
            return "unknown tag in k8s-file line (expected P or F)";
        }
        into.stream = stream;
        into.partial = tag == 'P';
        into.timestampNanos = nanos;
        into.timestampText = line;
        into.timestampFrom = from;
        into.timestampTo = space1;
        into.content = line;
        // Podman needs the space after the tag too; conmon always writes it, even for empty content.
        into.contentFrom = Math.min(streamAt + 9, to);
        into.contentTo = to;
        return null;
    }

    private static LogStream streamOf(byte[] line, int at) {
        if (line[at] != 's' || line[at + 1] != 't' || line[at + 2] != 'd') {
            return null;
        }
        if (line[at + 3] == 'o' && line[at + 4] == 'u' && line[at + 5] == 't') {
            return LogStream.STDOUT;
        }
        if (line[at + 3] == 'e' && line[at + 4] == 'r' && line[at + 5] == 'r') {
            return LogStream.STDERR;
        }
        return null;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
