package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Joins partial records into whole lines, per stream: a k8s-file line longer than conmon's 8 KiB
 * read arrives as {@code P}, {@code P}, …, {@code F} records, possibly interleaved with the other
 * stream's (conmon-interface.md §5.2.2), and a json-file line as records without {@code \n}. A line
 * that was never split goes to the printer straight from the parser's buffer; only split lines are
 * copied. A line's timestamp is its first record's.
 */
final class LineAssembler {

    private final LineFilter filter;
    private final LinePrinter printer;
    private final Pending[] pending = {new Pending(), new Pending()};

    LineAssembler(LineFilter filter, LinePrinter printer) {
        this.filter = filter;
        this.printer = printer;
    }

    void add(LogEntry entry) throws IOException {
        if (!filter.wantsStream(entry.stream)) {
            return;
        }
        Pending line = pending[entry.stream.ordinal()];
        if (!line.active && !entry.partial) {
            if (filter.wantsTime(entry.timestampNanos)) {
                printer.print(entry.timestampText, entry.timestampFrom, entry.timestampTo,
                        entry.content, entry.contentFrom, entry.contentTo);
            }
            return;
        }
        if (!line.active) {
            line.begin(entry);
        }
        line.append(entry.content, entry.contentFrom, entry.contentTo);
        if (!entry.partial) {
            emit(line);
        }
    }

    /** The input ended: a line still open (output that never got its newline) is printed as it is. */
    void finish() throws IOException {
        for (LogStream stream : LogStream.values()) {
            Pending line = pending[stream.ordinal()];
            if (line.active) {
                emit(line);
            }
        }
    }

    private void emit(Pending line) throws IOException {
        if (filter.wantsTime(line.nanos)) {
            printer.print(line.time, 0, line.time.length, line.content, 0, line.length);
        }
        line.active = false;
        line.length = 0;
    }

    /** A line whose records arrived in part. */
    private static final class Pending {
        boolean active;
        long nanos;
        byte[] time;
        byte[] content = new byte[16 * 1024];
        int length;

        void begin(LogEntry first) {
            active = true;
            nanos = first.timestampNanos;
            time = Arrays.copyOfRange(first.timestampText, first.timestampFrom, first.timestampTo);
        }

        void append(byte[] bytes, int from, int to) {
            int n = to - from;
            if (length + n > content.length) {
                content = Arrays.copyOf(content, Math.max(content.length * 2, length + n));
            }
            System.arraycopy(bytes, from, content, length, n);
            length += n;
        }
    }
}
