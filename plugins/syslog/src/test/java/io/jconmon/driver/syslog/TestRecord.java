package io.jconmon.driver.syslog;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A record over a byte[], reusable like the host's: {@link #content()} rewinds the same buffer. */
final class TestRecord implements LogRecord {
    private final LogStream stream;
    private final boolean partial;
    private final ByteBuffer content;
    private long timestampNanos;

    public TestRecord(LogStream stream, long timestampNanos, boolean partial, byte[] content) {
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.partial = partial;
        this.content = ByteBuffer.wrap(content).asReadOnlyBuffer();
    }

    public static TestRecord line(long timestampNanos, String text) {
        return new TestRecord(LogStream.STDOUT, timestampNanos, false, text.getBytes(StandardCharsets.UTF_8));
    }

    public static TestRecord partial(long timestampNanos, String text) {
        return new TestRecord(LogStream.STDOUT, timestampNanos, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public void timestampNanos(long nanos) {
        timestampNanos = nanos;
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
        return content.clear();
    }

    @Override
    public int length() {
        return content.capacity();
    }
}
