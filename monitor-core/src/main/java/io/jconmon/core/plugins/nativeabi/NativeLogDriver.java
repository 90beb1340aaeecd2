package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One open C driver. Records go to native code without copying when the host's own
 * {@link ReusableRecord} carries them (its read buffer is pinned for the call); other records are
 * copied once into a scratch array first.
 */
final class NativeLogDriver implements LogDriver {
    /** jconmon_record.stream and .flags (jconmon_driver.h). */
    private static final int STREAM_STDOUT = 1;
    private static final int STREAM_STDERR = 2;
    private static final int RECORD_PARTIAL = 0x1;
    /** jconmon_host_api.log levels. */
    private static final int LOG_ERROR = 1;
    private static final int LOG_INFO = 3;
    private static final int LOG_DEBUG = 4;

    private final String name;
    private final DriverContext context;
    private long handle;
    private byte[] scratch = new byte[0];

    NativeLogDriver(String name, DriverContext context) {
        this.name = name;
        this.context = context;
    }

    void opened(long handle) {
        this.handle = handle;
    }

    @Override
    public WriteResult write(LogRecord record) {
        if (handle == 0) {
            return WriteResult.FAILED;
        }
        ByteBuffer content = record.content();
        int length = content.remaining();
        byte[] array;
        int offset;
        if (content.hasArray()) {
            array = content.array();
            offset = content.arrayOffset() + content.position();
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 8192)];
            }
            content.get(content.position(), scratch, 0, length); // absolute: no view object per record
            array = scratch;
            offset = 0;
        }
        int stream = record.stream() == LogStream.STDERR ? STREAM_STDERR : STREAM_STDOUT;
        int flags = record.isPartial() ? RECORD_PARTIAL : 0;
        return DriverBridge.toWriteResult(
                DriverBridge.write(handle, stream, flags, record.timestampNanos(), array, offset, length));
    }

    @Override
    public WriteResult flush() {
        return handle == 0 ? WriteResult.FAILED : DriverBridge.toWriteResult(DriverBridge.flush(handle));
    }

    @Override
    public void reopen() throws LogDriverException {
        if (handle == 0) {
            throw new LogDriverException("log driver " + name + " is closed");
        }
        byte[] err = new byte[1024];
        if (DriverBridge.reopen(handle, err) != DriverBridge.OK) {
            throw new LogDriverException("log driver " + name + ": " + DriverBridge.message(err));
        }
    }

    @Override
    public void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            DriverBridge.close(h);
        }
    }

    /** Called from C (jni_driver_bridge.c) with a message the driver logged through the host API. */
    void hostLog(int level, byte[] message) {
        try {
            context.logger().log(level(level), new String(message, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A logger failure must not surface inside native code; the message is lost, nothing else.
        }
    }

    /** Called from C with drops the driver counted through the host API. */
    void hostDropped(int stream, long records, long bytes) {
        try {
            context.countDropped(stream == STREAM_STDERR ? LogStream.STDERR : LogStream.STDOUT, records, bytes);
        } catch (RuntimeException e) {
            // As above: never let an exception cross back into native code.
        }
    }

    private static System.Logger.Level level(int level) {
        return switch (level) {
            case LOG_ERROR -> System.Logger.Level.ERROR;
            case LOG_INFO -> System.Logger.Level.INFO;
            case LOG_DEBUG -> System.Logger.Level.DEBUG;
            default -> System.Logger.Level.WARNING; // LOG_WARN, and unknown levels (jconmon_driver.h)
        };
    }

    @Override
    public String toString() {
        return "C log driver " + name;
    }
}
