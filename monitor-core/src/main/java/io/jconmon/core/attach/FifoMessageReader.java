package io.jconmon.core.attach;

import io.jconmon.core.sys.LibC;
import java.util.function.Consumer;

/**
 * conmon's reader for the ctl and winsz fifos (conmon-interface.md §4.2): a 200-byte buffer (199
 * usable, then a NUL), one read(2) per wake-up of at most what is free, every newline-terminated
 * message of that read handled in order, an incomplete tail kept for the next read.
 *
 * <p>As in C, the buffer is a string: bytes after a NUL are ignored, and each message is scanned
 * from its start over the rest of the buffer ({@link ScanfInts}). A message the handler rejects
 * discards the rest of that read. A full buffer without a newline is reported
 * ({@code Could not find newline in entire buffer}) and discarded. Two deliberate differences from
 * conmon, both for robustness: a rejected message also discards a tail kept from an earlier read
 * (conmon would glue it to the next read's bytes), and a buffer filled by several reads without a
 * newline is discarded like one filled by a single read (conmon would stop reading for good).
 */
final class FifoMessageReader {
    /** conmon's CTLBUFSZ. */
    static final int BUFFER_SIZE = 200;
    static final int USABLE = BUFFER_SIZE - 1;

    /** Handles one message: {@code parsed} integers were scanned into {@code values}; false rejects it. */
    interface Handler {
        boolean message(int[] values, int parsed);
    }

    private final byte[] buf = new byte[BUFFER_SIZE];
    private final int[] values;
    private final Consumer<String> warnings;
    private int kept;

    /** @param ints how many integers a message has: 3 for ctl, 2 for winsz */
    FifoMessageReader(int ints, Consumer<String> warnings) {
        this.values = new int[ints];
        this.warnings = warnings;
    }

    /** One read(2) from {@code fd} and its messages; returns read's result (bytes, 0, or -errno). */
    long readFrom(int fd, Handler handler) {
        long n = LibC.read(fd, buf, kept, USABLE - kept);
        if (n > 0) {
            process((int) n, handler);
        }
        return n;
    }

    /** Bytes held over from an earlier read (an incomplete line). */
    int kept() {
        return kept;
    }

    private void process(int n, Handler handler) {
        int end = kept + n;
        int strEnd = indexOf((byte) 0, 0, end);
        if (strEnd < 0) {
            strEnd = end;
        }
        int beg = 0;
        int nl;
        while ((nl = indexOf((byte) '\n', beg, strEnd)) >= 0) {
            int parsed = ScanfInts.scan(buf, beg, strEnd, values);
            if (!handler.message(values, parsed)) {
                kept = 0;
                return;
            }
            beg = nl + 1;
        }
        if (beg == 0 && end == USABLE) {
            warnings.accept("Could not find newline in entire buffer");
            kept = 0;
        } else if (beg >= strEnd) {
            kept = 0;
        } else {
            kept = strEnd - beg;
            System.arraycopy(buf, beg, buf, 0, kept);
        }
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
