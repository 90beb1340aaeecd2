package io.jconmon.core.stdio;

import io.jconmon.spi.LogStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Cuts bytes read from a container stream into records the way conmon does (conmon-interface.md
 * §5.2.2): the input is taken in chunks of at most 8192 bytes — conmon's read size — and each
 * chunk is cut at newlines; the unterminated tail of a chunk is a partial record. Reading more
 * than 8192 bytes at once and cutting here gives the same records as conmon's smaller reads,
 * with fewer system calls.
 */
public final class OutputSplitter {
    /** conmon's STDIO_BUF_SIZE: the largest record and attach frame. */
    public static final int CHUNK = 8192;

    // Newlines are searched a word at a time: a byte-by-byte loop cost ~2 ns per byte under the
    // monitor's C1-only JIT, the largest share of a log flood's CPU (docs/PERFORMANCE.md).
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    private final ReusableRecord record;
    private final RecordSink sink;

    public OutputSplitter(ReusableRecord record, RecordSink sink) {
        this.record = record;
        this.sink = sink;
    }

    /** Splits {@code buf[0, length)}, read at {@code timestampNanos}, into records for {@code stream}. */
    public void split(LogStream stream, byte[] buf, int length, long timestampNanos) {
        for (int chunkStart = 0; chunkStart < length; chunkStart += CHUNK) {
            int chunkEnd = Math.min(length, chunkStart + CHUNK);
            int lineStart = chunkStart;
            int newline;
            while ((newline = indexOfNewline(buf, lineStart, chunkEnd)) >= 0) {
                record.set(stream, timestampNanos, false, lineStart, newline);
                sink.record(record);
                lineStart = newline + 1;
            }
            if (lineStart < chunkEnd) {
                record.set(stream, timestampNanos, true, lineStart, chunkEnd);
                sink.record(record);
            }
            sink.chunk(stream, buf, chunkStart, chunkEnd);
        }
        sink.endOfBatch();
    }

    /** The index of the first {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        // Skip 32 bytes at a time while none is a newline (long lines): C1 does not unroll loops.
        for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
            long x0 = (long) LONGS.get(buf, i) ^ NEWLINES;
            long x1 = (long) LONGS.get(buf, i + Long.BYTES) ^ NEWLINES;
            long x2 = (long) LONGS.get(buf, i + 2 * Long.BYTES) ^ NEWLINES;
            long x3 = (long) LONGS.get(buf, i + 3 * Long.BYTES) ^ NEWLINES;
            long any = ((x0 - ONES) & ~x0) | ((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2) | ((x3 - ONES) & ~x3);
            if ((any & HIGH_BITS) != 0) {
                break; // one of the four words holds a newline: found below
            }
        }
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            // The classic zero-byte test on (word XOR newlines): it is exact about whether a word
            // holds a match, and the lowest flagged byte is the first match (only bytes above a
            // match can be false hits); little-endian puts the lowest address lowest.
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
