package io.jconmon.tck;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link LogRecord} that behaves as the host's: its content is a read-only window of a byte array,
 * {@link #content()} hands out the same buffer every time, and only {@link #rewind()} (or
 * re-pointing the record with {@link #set}) moves its position back. A driver that reads the
 * content twice within one write therefore sees what the host would show it: nothing the second time.
 *
 * <p>Reusable like the host's: one record over one array can be pointed at many records in turn.
 */
public final class TestRecord implements LogRecord {
    private final byte[] array;
    private final ByteBuffer view;
    private LogStream stream;
    private long timestampNanos;
    private boolean partial;
    private int offset;
    private int length;

    /**
     * A record over all of {@code content}.
     *
     * @param stream the stream it came from
     * @param timestampNanos CLOCK_REALTIME nanoseconds since the epoch
     * @param partial true when the line continues in a later record
     * @param content the bytes, not copied
     */
    public TestRecord(LogStream stream, long timestampNanos, boolean partial, byte[] content) {
        this(content);
        set(stream, timestampNanos, partial, 0, content.length);
    }

    private TestRecord(byte[] array) {
        this.array = array;
        this.view = ByteBuffer.wrap(array).asReadOnlyBuffer();
    }

    /**
     * A record over {@code array}, to be pointed at its records with {@link #set}; until then it is
     * an empty complete stdout record.
     */
    public static TestRecord over(byte[] array) {
        return new TestRecord(array).set(LogStream.STDOUT, 0, false, 0, 0);
    }

    /** A complete stdout line; {@code text} is encoded as UTF-8. */
    public static TestRecord line(long timestampNanos, String text) {
        return new TestRecord(LogStream.STDOUT, timestampNanos, false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A partial stdout record; {@code text} is encoded as UTF-8. */
    public static TestRecord partial(long timestampNanos, String text) {
        return new TestRecord(LogStream.STDOUT, timestampNanos, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Points the record at {@code array[offset, offset + length)} and rewinds its content.
     *
     * @return this record
     */
    public TestRecord set(LogStream stream, long timestampNanos, boolean partial, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException("window [" + offset + ", " + (offset + length)
                    + ") outside an array of " + array.length);
        }
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.partial = partial;
        this.offset = offset;
        this.length = length;
        return rewind();
    }

    /**
     * Puts the content's position and limit back around the record's bytes, as the host does
     * before it hands the record to the next driver.
     *
     * @return this record
     */
    public TestRecord rewind() {
        view.limit(offset + length).position(offset);
        return this;
    }

    /** Changes the timestamp, for a test that writes the same record at another time. */
    public void timestampNanos(long nanos) {
        timestampNanos = nanos;
    }

    /** A copy of the record's bytes, whatever a driver did to the content's position. */
    public byte[] bytes() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    @Override
    public LogStream stream() {
        return stream;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public boolean isPartial() {
        return partial;
    }

    @Override
    public ByteBuffer content() {
        return view;
    }

    @Override
    public int length() {
        return length;
    }
}
