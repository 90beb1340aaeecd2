package io.jconmon.tools.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Writes whole lines as {@code podman logs} does: the content and a newline, with
 * {@code --timestamps} the timestamp as the file has it and a space before. With {@code --tail N}
 * the lines of the backlog are held back (the last N only) until {@link #endOfBacklog()}; after it,
 * every line goes out at once.
 */
final class LinePrinter {

    private final OutputStream out;
    private final boolean timestamps;
    private final int tail;
    private final ArrayDeque<byte[]> held;
    private boolean backlogDone;

    /**
     * @param out where the lines go; buffered by the caller
     * @param timestamps prefix each line with its timestamp
     * @param tail how many lines of the backlog to print, or -1 for all
     */
    LinePrinter(OutputStream out, boolean timestamps, int tail) {
        this.out = out;
        this.timestamps = timestamps;
        this.tail = tail;
        this.held = tail >= 0 ? new ArrayDeque<>(Math.min(tail, 1 << 16) + 1) : null;
    }

    void print(byte[] time, int timeFrom, int timeTo, byte[] content, int from, int to) throws IOException {
        if (held != null && !backlogDone) {
            if (tail == 0) {
                return;
            }
            int prefix = timestamps ? timeTo - timeFrom + 1 : 0;
            byte[] line = new byte[prefix + to - from + 1];
            if (timestamps) {
                System.arraycopy(time, timeFrom, line, 0, prefix - 1);
                line[prefix - 1] = ' ';
            }
            System.arraycopy(content, from, line, prefix, to - from);
            line[line.length - 1] = '\n';
            if (held.size() == tail) {
                held.removeFirst();
            }
            held.addLast(line);
            return;
        }
        if (timestamps) {
            out.write(time, timeFrom, timeTo - timeFrom);
            out.write(' ');
        }
        out.write(content, from, to - from);
        out.write('\n');
    }

    /** Everything that was in the files is read: print what {@code --tail} kept. */
    void endOfBacklog() throws IOException {
        if (backlogDone) {
            return;
        }
        backlogDone = true;
        if (held != null) {
            for (byte[] line : held) {
                out.write(line);
                    }
            held.clear();
        }
    }

    void flush() throws IOException {
        out.flush();
    }
}
