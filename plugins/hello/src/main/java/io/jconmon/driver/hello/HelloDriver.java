package io.jconmon.driver.hello;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes each record as one line: {@code PREFIX ID STREAM F|P CONTENT}, where {@code F} marks a
 * full line and {@code P} a partial one (the line goes on in the next record).
 *
 * <p>The host calls the methods one at a time (a plugin's on its own delivery thread), so no locking
 * is needed. A record is valid only during {@link #write}: its bytes are copied out before the call
 * returns.
 */
final class HelloDriver implements LogDriver {
    private final OutputStream out;
    private boolean writeFailing;
    private final byte[] prefix;
    private final DriverContext context;
    /** " stdout F ", " stdout P ", " stderr F ", " stderr P ": built once, not per record. */
    private final byte[][][] heads = new byte[LogStream.values().length][2][];
    private byte[] line = new byte[256];

    HelloDriver(OutputStream out, String prefix, DriverContext context) {
        this.out = out;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.context = context;
        for (LogStream stream : LogStream.values()) {
            heads[stream.ordinal()][0] = (" " + stream.wireName() + " F ").getBytes(StandardCharsets.US_ASCII);
            heads[stream.ordinal()][1] = (" " + stream.wireName() + " P ").getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Override
    public WriteResult write(LogRecord record) {
        byte[] head = heads[record.stream().ordinal()][record.isPartial() ? 1 : 0];
        int length = prefix.length + head.length + record.length() + 1;
        if (line.length < length) {
            line = new byte[Math.max(length, line.length * 2)];
        }
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(head, 0, line, prefix.length, head.length);
        record.content().get(line, prefix.length + head.length, record.length());
        line[length - 1] = '\n';
        try {
            out.write(line, 0, length);
            writeFailing = false;
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            // DROPPED: the host counts the loss and keeps the driver; FAILED would disable it.
            // One warning per outage: the host's drop count reports the total at exit.
            if (!writeFailing) {
                writeFailing = true;
                context.logger().log(System.Logger.Level.WARNING, "hello: write failed: " + e.getMessage());
            }
            return WriteResult.DROPPED;
        }
    }

    @Override
    public WriteResult flush() {
        try {
            out.flush();
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            return WriteResult.DROPPED;
        }
    }

    /** Must not throw: the monitor is exiting. stderr is flushed but never closed. */
    @Override
    public void close() {
        try {
            out.flush();
            if (out != System.err) {
                out.close();
            }
        } catch (IOException e) {
            context.logger().log(System.Logger.Level.WARNING, "hello: close failed: " + e.getMessage());
        }
    }
}
