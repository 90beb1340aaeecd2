package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs one driver on its own delivery thread behind a bounded {@link RecordRing}, so the event loop
 * never waits for it: plugins from plugins.d always run this way, built-in drivers when their mode is
 * {@code non-blocking}.
 *
 * <p>When the ring is full, blocking mode answers {@link WriteResult#RETRY_LATER} (the host pauses
 * reading: nothing is lost) and non-blocking mode answers {@link WriteResult#DROPPED} (the host
 * counts it) and writes a "records dropped" record once the ring has room again.
 *
 * <p>A watchdog guards the event loop against a driver that hangs inside a call: once one call has
 * lasted longer than the {@code watchdog} option, the driver is reported and switched to non-blocking
 * delivery for good, so reading goes on and the loss is counted. A driver that throws (anything,
 * including {@link OutOfMemoryError}) is failed; the host then disables it.
 */
final class QueuedDriver implements LogDriver {
    private static final long BACKOFF_MIN_MILLIS = 5;
    private static final long BACKOFF_MAX_MILLIS = 200;
    private static final long IDLE_WAIT_MILLIS = 100;

    private final String name;
    private final LogDriver inner;
    private final RecordRing ring;
    private final DriverContext context;
    private final Diagnostics diagnostics;
    private final long watchdogNanos;
    private final Thread worker;

    // Shared with the delivery thread.
    private volatile boolean dropWhenFull;
    private volatile boolean failed;
    private volatile long callStartedNanos; // 0 while the driver is not inside a call
    private volatile boolean flushRequested;
    private volatile boolean reopenRequested;
    private volatile boolean closing;
    /** While closing: when the driver last took a record or finished a call. */
    private volatile long lastProgressNanos;

    // Event-loop thread only: what non-blocking mode dropped and has not announced yet.
    private static final LogStream[] STREAMS = LogStream.values();
    private boolean unannounced;
    private final long[] unannouncedRecords = new long[LogStream.values().length];
    private final long[] unannouncedBytes = new long[LogStream.values().length];
    private boolean reportedStuck;

    QueuedDriver(String name, LogDriver inner, DeliveryOptions options, DriverContext context, Diagnostics diagnostics) {
        this(name, inner, options, context, diagnostics, null, inner.getClass().getClassLoader());
    }

    /**
     * @param group the thread group of the driver's plugin (its threads are counted there), or null
     * @param contextLoader the delivery thread's context class loader: the plugin's own
     */
    QueuedDriver(String name, LogDriver inner, DeliveryOptions options, DriverContext context, Diagnostics diagnostics,
                 ThreadGroup group, ClassLoader contextLoader) {
        this.name = name;
        this.inner = inner;
        this.ring = new RecordRing(options.maxBufferBytes());
        this.context = context;
        this.diagnostics = diagnostics;
        this.dropWhenFull = options.dropWhenFull();
        this.watchdogNanos = TimeUnit.MILLISECONDS.toNanos(options.watchdogMillis());
        this.worker = new Thread(group, this::deliverLoop, "log-driver-" + name);
        worker.setDaemon(true); // a hung driver must not keep the monitor alive
        worker.setContextClassLoader(contextLoader);
        worker.start();
    }

    @Override
    public WriteResult write(LogRecord record) {
        if (failed) {
            return WriteResult.FAILED;
        }
        checkWatchdog();
        if (!announceDrops(record)) {
            return dropped(record);
        }
        if (ring.offer(record)) {
            return WriteResult.ACCEPTED;
        }
        return dropWhenFull ? dropped(record) : WriteResult.RETRY_LATER;
    }

    @Override
    public WriteResult flush() {
        if (failed) {
            return WriteResult.FAILED;
        }
        checkWatchdog();
        flushRequested = true;
        ring.wakeUp();
        return WriteResult.ACCEPTED;
    }

    @Override
    public void reopen() {
        reopenRequested = true;
        ring.wakeUp();
    }

    /**
     * Lets the delivery thread finish what is queued for as long as it makes progress: a slow driver
     * that keeps taking records gets them all (blocking mode loses nothing at exit either); one that
     * has taken nothing for longer than the watchdog time (stuck in a call, or answering
     * RETRY_LATER) is given up, and what is still queued is counted as dropped.
     */
    @Override
    public void close() {
        startClosing();
        try {
            while (worker.isAlive() && !stalledAtExit()) {
                worker.join(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Also when the thread ended: a record offered while it was failing may still be queued.
        long lost = discardQueued();
        if (worker.isAlive()) {
            diagnostics.error("log driver " + name + " made no progress for " + TimeUnit.NANOSECONDS.toMillis(watchdogNanos)
                    + " ms at exit; " + lost + " queued records were dropped");
        }
    }

    /**
     * Tells the delivery thread to finish: the host calls it for every queued driver before it
     * waits for any, so the exit waits for them side by side, not one after another.
     */
    void startClosing() {
        if (!closing) {
            lastProgressNanos = System.nanoTime();
            closing = true;
            ring.wakeUp();
        }
    }

    private boolean stalledAtExit() {
        return System.nanoTime() - lastProgressNanos > watchdogNanos;
    }

    private WriteResult dropped(LogRecord record) {
        int s = record.stream().ordinal();
        unannounced = true;
        unannouncedRecords[s]++;
        unannouncedBytes[s] += record.length();
        return WriteResult.DROPPED; // the host counts it
    }

    private void checkWatchdog() {
        long started = callStartedNanos;
        if (started != 0 && System.nanoTime() - started > watchdogNanos && !reportedStuck) {
            reportedStuck = true;
            dropWhenFull = true;
            diagnostics.error("log driver " + name + " has been inside one call for more than "
                    + TimeUnit.NANOSECONDS.toMillis(watchdogNanos) + " ms; it is switched to non-blocking delivery"
                    + " (records it cannot take are dropped and counted) so the container is not stalled");
        }
    }

    /**
     * Queues one "N records dropped" record per stream that lost some, if there is room for it and
     * for {@code next} too; false if not (yet). The notice carries {@code next}'s timestamp, so
     * timestamps in the log never go backwards.
     */
    private boolean announceDrops(LogRecord next) {
        if (!unannounced) {
            return true; // the per-line fast path
        }
        for (LogStream stream : STREAMS) {
            int s = stream.ordinal();
            if (unannouncedRecords[s] == 0) {
                continue;
            }
            // Room first (a notice is well under 512 bytes): nothing is built while the ring is full.
            if (ring.freeContentBytes() < 512 + RecordRing.HEADER + next.length()) {
                return false;
            }
            String text = "jconmon: log driver " + name + " dropped " + unannouncedRecords[s] + " records ("
                    + unannouncedBytes[s] + " bytes) of " + stream.wireName() + " because its queue was full";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            CopiedRecord marker = new CopiedRecord(bytes.length);
            System.arraycopy(bytes, 0, marker.fit(bytes.length), 0, bytes.length);
            marker.set(stream, next.timestampNanos(), false, bytes.length);
            marker.markHostNote(true);
            if (!ring.offer(marker)) {
                return false;
            }
            unannouncedRecords[s] = 0;
            unannouncedBytes[s] = 0;
        }
        unannounced = false;
        return true;
    }

    private long discardQueued() {
        CopiedRecord r = new CopiedRecord(8192);
        long n = 0;
        try {
            while (ring.take(r, 0)) {
                if (!r.isHostNote()) {
                    context.countDropped(r.stream(), 1, r.length());
                    n++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n;
    }

    // ---- the delivery thread ----

    private void deliverLoop() {
        CopiedRecord record = new CopiedRecord(8192);
        try {
            while (!failed) {
                if (reopenRequested) {
                    reopenRequested = false;
                    reopenInner();
                }
                // Closing: an empty queue means done, not a reason to wait (the exit watches progress).
                if (ring.take(record, closing ? 0 : IDLE_WAIT_MILLIS)) {
                    deliver(record);
                } else if (flushRequested) {
                    flushRequested = false;
                    enter();
                    WriteResult r = inner.flush();
                    leave();
                    progressed();
                    if (r == WriteResult.FAILED) {
                        fail("failed to flush");
                    }
                } else if (closing) {
                    break;
                }
            }
        } catch (Throwable t) { // a plugin's failure of any kind ends only this driver
            leave();
            fail("threw " + t);
        }
        if (failed) {
            discardQueued();
        }
        progressed(); // the queue is done; close gets its own watchdog time
        enter();
        try {
            inner.close();
        } catch (Throwable t) {
            diagnostics.warn("log driver " + name + " failed to close: " + t);
        } finally {
            leave();
        }
    }

    private void deliver(CopiedRecord record) throws InterruptedException {
        long backoff = BACKOFF_MIN_MILLIS;
        while (true) {
            enter();
            WriteResult r;
            try {
                r = inner.write(record);
            } catch (Throwable t) {
                countLost(record); // the record it threw on is lost too
                throw t;
            }
            leave();
            switch (r) {
                case ACCEPTED -> {
                    progressed();
                    return;
                }
                case DROPPED -> {
                    progressed();
                    countLost(record);
                    return;
                }
                case FAILED -> {
                    countLost(record);
                    fail("failed to write");
                    return;
                }
                case RETRY_LATER -> {
                    if (closing && stalledAtExit()) {
                        countLost(record);
                        return;
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
                    record.rewind();
                }
            }
        }
    }

    private void countLost(CopiedRecord record) {
        if (!record.isHostNote()) {
            context.countDropped(record.stream(), 1, record.length());
        }
    }

    private void reopenInner() {
        enter();
        try {
            inner.reopen();
        } catch (LogDriverException | RuntimeException e) {
            diagnostics.warn("log driver " + name + " could not reopen: " + e.getMessage());
        } finally {
            leave();
        }
    }

    /** Reported here, as it happens: the host learns of it only at its next write or flush. */
    private void fail(String why) {
        failed = true;
        diagnostics.error("log driver " + name + " " + why + "; it is disabled, other drivers go on");
    }

    private void enter() {
        callStartedNanos = System.nanoTime();
    }

    private void leave() {
        callStartedNanos = 0;
    }

    /** A record was taken (or given up by the driver): at exit, the driver is still moving. */
    private void progressed() {
        if (closing) {
            lastProgressNanos = System.nanoTime();
        }
    }
}
