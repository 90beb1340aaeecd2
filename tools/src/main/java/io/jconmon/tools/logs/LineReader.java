package io.jconmon.tools.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts the bytes of one log file into {@code \n}-terminated lines, in one growing buffer: a line is
 * handed out as a range of {@link #buffer()}, valid until the next call. A line not terminated yet
 * stays in the buffer, so a file that is still being written ({@code --follow}) can be read again
 * when it grew.
 */
final class LineReader {

    private static final int INITIAL_SIZE = 256 * 1024;

    private byte[] buffer = new byte[INITIAL_SIZE];
    /** Bytes [start, end) are read and not handed out yet. */
    private int start;
    private int end;
    /** Where the search for the next newline resumes. */
    private int scanned;
    private int lineFrom;
    private int lineTo;
    private long lineNumber;

    /**
     * Finds the next complete line, reading from {@code in} when the buffer holds none.
     *
     * @return true with {@link #lineFrom()}..{@link #lineTo()} set (newline excluded); false when
     *     {@code in} has no more bytes for now (what is left is an unterminated line, see
     *     {@link #hasUnterminated()})
     */
    boolean next(InputStream in) throws IOException {
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    lineFrom = start;
                    lineTo = i;
                    start = i + 1;
                    scanned = start;
                    lineNumber++;
                    return true;
                }
            }
            scanned = end;
            if (!fill(in)) {
                return false;
            }
        }
    }

    /** True when bytes without a final newline are left (a torn last line, or one being written). */
    boolean hasUnterminated() {
        return end > start;
    }

    /** Hands out the unterminated rest as the last line. */
    void takeUnterminated() {
        lineFrom = start;
        lineTo = end;
        start = end;
        scanned = end;
        lineNumber++;
    }

    /** Forgets everything buffered: the file was truncated, its reading starts over. */
    void reset() {
        start = 0;
        end = 0;
        scanned = 0;
        lineNumber = 0;
    }

    byte[] buffer() {
        return buffer;
    }

    int lineFrom() {
        return lineFrom;
    }

    int lineTo() {
        return lineTo;
    }

    /** The 1-based number of the line last handed out, for error messages. */
    long lineNumber() {
        return lineNumber;
    }

    private boolean fill(InputStream in) throws IOException {
        if (start > 0 && (end == buffer.length || start == end)) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n <= 0) {
            return false;
        }
        end += n;
        return true;
    }
}
