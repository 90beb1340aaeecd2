package io.jconmon.driver.fluentd;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.time.Duration;

/**
 * Sends container lines to a Fluentd (or Fluent Bit, or any Forward-protocol server) as events.
 *
 * <p>Partial records are assembled per stream into whole lines of at most {@code max-line} bytes;
 * a longer line goes out in pieces, each marked {@code "partial_message": "true"} but the last.
 * Events collect into one chunk until the host's flush (after every batch it read) or until
 * {@code chunk-size}; then the chunk is queued and sent.
 *
 * <p>When the buffer is full: {@link WriteResult#RETRY_LATER} (backpressure) while the connection
 * is up, {@link WriteResult#DROPPED} (counted by the host) while it is down, so a server that is
 * gone never stalls the container. No call waits on the network except {@link #close}.
 */
final class FluentdDriver implements LogDriver {
    private final ForwardSender sender;
    private final ChunkBuilder chunk;
    private final DriverContext context;
    private final int maxLine;
    private final int chunkSize;
    private final Duration closeTimeout;
    private final byte[][] held;
    private final int[] heldLength = new int[2];
    private final long[] heldTimestamp = new long[2];

    FluentdDriver(ForwardSender sender, ChunkBuilder chunk, int maxLine, int chunkSize, Duration closeTimeout,
                  DriverContext context) {
        this.sender = sender;
        this.chunk = chunk;
        this.maxLine = maxLine;
        this.chunkSize = chunkSize;
        this.closeTimeout = closeTimeout;
        this.context = context;
        this.held = new byte[][] {new byte[maxLine], new byte[maxLine]};
    }

    @Override
    public WriteResult write(LogRecord record) {
        LogStream stream = record.stream();
        int s = stream.ordinal();
        int total = heldLength[s] + record.length();
        int events = total / maxLine + 1;
        long needed = chunk.size() + (long) events * chunk.entrySize(maxLine);
        sender.pump();
        if (sender.room() < needed) {
            if (sender.isConnected()) {
                return WriteResult.RETRY_LATER; // a slow server: hold the container back
            }
            if (heldLength[s] > 0) { // the server is gone and the buffer full: lose this line
                context.countDropped(stream, 0, heldLength[s]);
                heldLength[s] = 0;
            }
            return WriteResult.DROPPED;
        }
        if (heldLength[s] == 0) {
            heldTimestamp[s] = record.timestampNanos();
        }
        var content = record.content();
        while (content.hasRemaining()) {
            if (heldLength[s] == maxLine) {
                emit(stream, s, true);
                heldTimestamp[s] = record.timestampNanos();
            }
            int take = Math.min(content.remaining(), maxLine - heldLength[s]);
            content.get(held[s], heldLength[s], take);
            heldLength[s] += take;
        }
        if (!record.isPartial()) {
            emit(stream, s, false);
        }
        return WriteResult.ACCEPTED;
    }

    private void emit(LogStream stream, int s, boolean partial) {
        chunk.add(stream, heldTimestamp[s], held[s], heldLength[s], partial);
        heldLength[s] = 0;
        if (chunk.size() >= chunkSize) {
            sender.enqueue(chunk.seal());
        }
    }

    @Override
    public WriteResult flush() {
        if (chunk.count() > 0) {
            sender.enqueue(chunk.seal());
        }
        sender.pump();
        return WriteResult.ACCEPTED;
    }

    /** Sends unfinished lines as partial events, then waits at most {@code close-timeout}. */
    @Override
    public void close() {
        for (LogStream stream : LogStream.values()) {
            int s = stream.ordinal();
            if (heldLength[s] > 0) {
                emit(stream, s, true);
            }
        }
        if (chunk.count() > 0) {
            sender.enqueue(chunk.seal());
        }
        int lost = sender.close(closeTimeout);
        if (lost > 0) {
            // Queued events no longer know their stream or size; they are reported as stdout records.
            context.countDropped(LogStream.STDOUT, lost, 0);
            context.logger().log(System.Logger.Level.WARNING, "fluentd: " + lost
                    + " events could not be delivered before the monitor exited");
        }
    }
}
