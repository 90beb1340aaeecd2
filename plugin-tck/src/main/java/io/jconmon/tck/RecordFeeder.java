package io.jconmon.tck;

import static org.junit.jupiter.api.Assertions.fail;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Hands records to a driver the way the host does (conmon-interface.md §5.2.2, LogRecord's javadoc):
 * one reused record over one reused buffer, the content a window at some offset inside it with
 * other bytes around, the position reset before each write, and the window overwritten as soon as
 * the write returns, because the host reads the next chunk into the same buffer. Remembers what it
 * wrote, for comparing with what the driver's output shows.
 */
final class RecordFeeder {

    /** The largest record the host hands out: one 8 KiB read (conmon's STDIO_BUF_SIZE). */
    static final int LARGEST = 8192;

    /** The first record's time: a whole second, so a format that trims trailing zeros is tried. */
    private static final long FIRST_TIMESTAMP = Instant.parse("2026-03-04T05:06:07Z").getEpochSecond() * 1_000_000_000L;
    /** Between two records: a second and a few nanoseconds, so every digit of the fraction moves. */
    private static final long TIMESTAMP_STEP = 1_234_567_891L;
    /** How long a driver may keep answering RETRY_LATER before the kit calls it stuck. */
    private static final long RETRY_NANOS = 10_000_000_000L;
    /** Between two offers of a record the driver answered RETRY_LATER. */
    private static final long RETRY_PAUSE_NANOS = 1_000_000L;
    /** What surrounds each window: never a newline, so a driver reading outside it shows garbage. */
    private static final byte SURROUNDING = 'J';

    private final byte[] buffer = new byte[2 * LARGEST + 512];
    private final TestRecord record = TestRecord.over(buffer);
    private final List<DeliveredRecord> written = new ArrayList<>();
    private final Supplier<List<String>> driverMessages;
    private int writes;

    /** @param driverMessages what the driver logged, shown when a write is refused */
    RecordFeeder(Supplier<List<String>> driverMessages) {
        this.driverMessages = driverMessages;
    }

    /** Writes a record at an offset that changes from write to write, and remembers it. */
    void write(LogDriver driver, LogStream stream, boolean partial, byte[] content) {
        writeAt(driver, 1 + (writes * 61) % 400, stream, partial, content, true);
    }

    /** Writes a record without remembering it (for volume: the kit must not be what grows). */
    void writeForgetting(LogDriver driver, LogStream stream, boolean partial, byte[] content) {
        writeAt(driver, 1 + (writes * 61) % 400, stream, partial, content, false);
    }

    /** The largest offset a record of {@code length} bytes can have: its window ends the buffer. */
    int lastOffsetFor(int length) {
        return buffer.length - length;
    }

    /** Writes a record whose window starts at {@code offset} in the shared buffer. */
    void writeAt(LogDriver driver, int offset, LogStream stream, boolean partial, byte[] content, boolean remember) {
        Arrays.fill(buffer, SURROUNDING);
        System.arraycopy(content, 0, buffer, offset, content.length);
        long timestamp = FIRST_TIMESTAMP + writes * TIMESTAMP_STEP;
        int index = writes++;
        record.set(stream, timestamp, partial, offset, content.length);
        long deadline = System.nanoTime() + RETRY_NANOS;
        WriteResult result;
        while (true) {
            try {
                result = driver.write(record);
            } catch (RuntimeException e) {
                throw new AssertionError("write of record " + index + " threw; the host treats that as FAILED", e);
            }
            if (result != WriteResult.RETRY_LATER || System.nanoTime() > deadline) {
                break;
            }
            // The host stops reading and offers the same record again later: same bytes, rewound.
            LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            record.rewind();
        }
        if (result != WriteResult.ACCEPTED) {
            fail("write of record " + index + " (" + stream.wireName() + (partial ? " partial " : " complete ")
                    + Printable.of(content) + ") returned " + result + "; the driver logged " + driverMessages.get());
        }
        // The host's next read lands in the same buffer: every byte of the window changes.
        for (int i = offset; i < offset + content.length; i++) {
            buffer[i] = (byte) ~buffer[i];
        }
        if (remember) {
            written.add(new DeliveredRecord(stream, content.clone(), partial, timestamp));
        }
    }

    /** Everything written and remembered, oldest first. */
    List<DeliveredRecord> written() {
        return List.copyOf(written);
    }

    /** How many records were written, remembered or not. */
    int count() {
        return writes;
    }
}
