package io.jconmon.core.stdio;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import java.nio.ByteBuffer;

/**
 * The one {@link LogRecord} the monitor hands to every driver: a flyweight over the read buffer,
 * re-pointed for each record, so the hot path allocates nothing per line.
 */
public final class ReusableRecord implements LogRecord {
    private final ByteBuffer view;
    private LogStream stream;
    private long timestampNanos;
    private boolean partial;
    private int start;
    private int end;

    /** @param buffer the read buffer records will point into */
    public ReusableRecord(byte[] buffer) {
        this.view = ByteBuffer.wrap(buffer).asReadOnlyBuffer();
    }

    /** Points the record at {@code buffer[start, end)}. */
    public void set(LogStream stream, long timestampNanos, boolean partial, int start, int end) {
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.partial = partial;
        this.start = start;
        this.end = end;
    }

    /** Restores the content view after a driver consumed it (the SPI promises this). */
    public void rewind() {
        view.limit(end).position(start);
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
        return end - start;
    }
}
