package io.jconmon.driver.syslog;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.time.Duration;

/**
 * Sends each container line as one syslog message.
 *
 * <p>Partial records are assembled per stream into whole lines of at most {@code max-line} bytes;
 * a longer line goes out in pieces of {@code max-line} bytes, each its own message. A line still
 * unfinished when the monitor exits goes out as it is.
 *
 * <p>What happens when the receiver cannot take more (see the README): datagram transports lose
 * the message ({@link WriteResult#DROPPED}, counted by the host); stream transports queue up to
 * {@code buffer-size} bytes, and when the queue is full answer {@link WriteResult#RETRY_LATER}
 * (backpressure) while the connection is up, or {@link WriteResult#DROPPED} while it is down, so a
 * dead receiver never stalls the container. No call waits on the network except {@link #close}.
 */
final class SyslogDriver implements LogDriver {
    private final SyslogTransport transport;
    private final MessageFormatter formatter;
    private final DriverContext context;
    private final int maxLine;
    private final Duration closeTimeout;
    private final byte[][] held;
    private final int[] heldLength = new int[2];
    private final long[] heldTimestamp = new long[2];
    private final byte[] message;

    SyslogDriver(SyslogTransport transport, MessageFormatter formatter, int maxLine, Duration closeTimeout,
                 DriverContext context) {
        this.transport = transport;
        this.formatter = formatter;
        this.maxLine = maxLine;
        this.closeTimeout = closeTimeout;
        this.context = context;
        this.held = new byte[][] {new byte[maxLine], new byte[maxLine]};
        this.message = new byte[MessageFormatter.MAX_HEADER + maxLine];
    }

    @Override
    public WriteResult write(LogRecord record) {
        LogStream stream = record.stream();
        int s = stream.ordinal();
        int n = record.length();
        int total = heldLength[s] + n;
        int messages = total / maxLine + 1;
        long needed = total + (long) messages * (MessageFormatter.MAX_HEADER + Framing.MAX_OVERHEAD);
        transport.pump();
        if (transport.room() < needed) {
            if (transport.isConnected()) {
                return WriteResult.RETRY_LATER; // a slow receiver: hold the container back
            }
            // The receiver is gone and the queue is full: lose this record and the line it belongs to.
            if (heldLength[s] > 0) {
                context.countDropped(stream, 0, heldLength[s]);
                heldLength[s] = 0;
            }
            return WriteResult.DROPPED;
        }
        if (heldLength[s] == 0) {
            heldTimestamp[s] = record.timestampNanos();
        }
        var content = record.content();
        boolean lost = false;
        while (content.hasRemaining()) {
            if (heldLength[s] == maxLine) {
                lost |= !emit(stream, s);
                heldTimestamp[s] = record.timestampNanos();
            }
            int take = Math.min(content.remaining(), maxLine - heldLength[s]);
            content.get(held[s], heldLength[s], take);
            heldLength[s] += take;
        }
        if (!record.isPartial()) {
            lost |= !emit(stream, s);
        }
        return lost ? WriteResult.DROPPED : WriteResult.ACCEPTED;
    }

    /** Sends what is held for stream {@code s} as one message and empties it; false when it was lost. */
    private boolean emit(LogStream stream, int s) {
        int length = formatter.format(stream, heldTimestamp[s], held[s], heldLength[s], message);
        heldLength[s] = 0;
        return transport.send(message, length);
    }

    @Override
    public WriteResult flush() {
        transport.pump();
        return WriteResult.ACCEPTED;
    }

    /** Sends unfinished lines as they are, then waits at most {@code close-timeout} for the queue. */
    @Override
    public void close() {
        for (LogStream stream : LogStream.values()) {
            int s = stream.ordinal();
            if (heldLength[s] > 0) {
                int bytes = heldLength[s];
                if (transport.room() < bytes + MessageFormatter.MAX_HEADER + Framing.MAX_OVERHEAD || !emit(stream, s)) {
                    context.countDropped(stream, 1, bytes);
                }
            }
        }
        int lost = transport.close(closeTimeout);
        if (lost > 0) {
            // Queued messages no longer know their stream or size; they are reported as stdout records.
            context.countDropped(LogStream.STDOUT, lost, 0);
            context.logger().log(System.Logger.Level.WARNING, "syslog: " + lost
                    + " queued messages could not be delivered before the monitor exited");
        }
    }
}
