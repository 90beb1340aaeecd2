package io.jconmon.core.logging;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import java.nio.ByteBuffer;

/**
 * A record that owns its bytes: what the host keeps when a driver cannot take a record now
 * (backpressure: {@link #of}, one per held record) or takes it later on its own thread (queued
 * delivery: one instance, refilled through {@link #fit} and {@link #set} for every record).
 */
final class CopiedRecord implements LogRecord {
    private byte[] bytes;
    private ByteBuffer view;
    private LogStream stream;
    private long timestampNanos;
    private boolean partial;
    private int length;
    private boolean hostNote;

    CopiedRecord(int capacity) {
        bytes = new byte[capacity];
        view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** A new record holding a copy of {@code r}'s content. */
    static CopiedRecord of(LogRecord r) {
        ByteBuffer content = r.content();
        int n = content.remaining();
        CopiedRecord c = new CopiedRecord(n);
        content.get(content.position(), c.bytes, 0, n);
        c.set(r.stream(), r.timestampNanos(), r.isPartial(), n);
        return c;
    }

    /** The buffer to fill directly before {@link #set}; at least {@code n} bytes long. */
    byte[] fit(int n) {
        if (bytes.length < n) {
            bytes = new byte[n];
            view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
        return bytes;
    }

    void set(LogStream stream, long timestampNanos, boolean partial, int length) {
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.partial = partial;
        this.length = length;
        rewind();
    }

    /** Marks a record the host wrote itself (not container output): it is never counted as lost. */
    void markHostNote(boolean note) {
        hostNote = note;
    }

    boolean isHostNote() {
        return hostNote;
    }

    void rewind() {
        view.limit(length).position(0);
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
