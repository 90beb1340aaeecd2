package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.WriteResult;
import java.util.ArrayDeque;

/**
 * One open driver as the fan-out sees it: the driver, its drop counter, whether it is still enabled,
 * and its backlog — the records it answered {@link WriteResult#RETRY_LATER} to, kept in order
 * until it takes them. While any slot has a backlog the fan-out pauses reading (backpressure), so a
 * backlog holds at most what one read delivered.
 */
final class DriverSlot {
    final String name;
    final LogDriver driver;
    final HostDriverContext context;
    private final Diagnostics diagnostics;
    private final ArrayDeque<CopiedRecord> backlog = new ArrayDeque<>();
    private boolean enabled = true;

    DriverSlot(String name, LogDriver driver, HostDriverContext context, Diagnostics diagnostics) {
        this.name = name;
        this.driver = driver;
        this.context = context;
        this.diagnostics = diagnostics;
    }

    /** Hands {@code record} to the driver, or queues it behind earlier records the driver still owes. */
    void offer(LogRecord record) {
        if (!enabled) {
            context.countDropped(record.stream(), 1, record.length());
        } else if (!backlog.isEmpty()) {
            backlog.add(CopiedRecord.of(record));
        } else if (write(record) == WriteResult.RETRY_LATER) {
            backlog.add(CopiedRecord.of(record));
        }
    }

    boolean hasBacklog() {
        return !backlog.isEmpty();
    }

    /** Offers the backlog again, oldest first, until the driver asks to wait; true when it is empty. */
    boolean retryBacklog() {
        while (!backlog.isEmpty()) {
            CopiedRecord r = backlog.peek();
            if (!enabled) {
                context.countDropped(r.stream(), 1, r.length());
            } else {
                r.rewind();
                if (write(r) == WriteResult.RETRY_LATER) {
                    return false;
                }
            }
            backlog.poll();
        }
        return true;
    }

    /** Counts everything still in the backlog as dropped: the driver never took it. */
    void abandonBacklog() {
        for (CopiedRecord r : backlog) {
            context.countDropped(r.stream(), 1, r.length());
        }
        if (!backlog.isEmpty()) {
            diagnostics.error("log driver " + name + " did not take " + backlog.size() + " records before exit");
        }
        backlog.clear();
    }

    void flush() {
        if (!enabled) {
            return;
        }
        WriteResult r;
        try {
            r = driver.flush();
        } catch (RuntimeException | LinkageError e) {
            disable("threw on flush: " + e);
            return;
        }
        if (r == WriteResult.FAILED) {
            disable("failed to flush");
        }
    }

    void reopen() {
        if (enabled) {
            try {
                driver.reopen();
            } catch (Exception e) {
                diagnostics.warn("log driver " + name + " could not reopen: " + e.getMessage());
            }
        }
    }

    /** Lets a queued driver start finishing before the host waits for any driver (see {@link #close}). */
    void startClosing() {
        if (driver instanceof QueuedDriver q) {
            q.startClosing();
        }
    }

    void close() {
        try {
            driver.close();
        } catch (RuntimeException | LinkageError e) {
            diagnostics.warn("log driver " + name + " failed to close: " + e);
        }
        if (!context.dropped().isZero()) {
            diagnostics.warn("log driver " + name + " dropped " + context.dropped());
        }
    }

    /** Writes one record; anything but ACCEPTED or RETRY_LATER is counted here. */
    private WriteResult write(LogRecord record) {
        WriteResult result;
        try {
            result = driver.write(record);
        } catch (RuntimeException | LinkageError e) {
            disable("threw " + e);
            result = WriteResult.FAILED;
        }
        switch (result) {
            case ACCEPTED, RETRY_LATER -> { }
            case DROPPED -> context.countDropped(record.stream(), 1, record.length());
            case FAILED -> {
                context.countDropped(record.stream(), 1, record.length());
                if (enabled) {
                    disable("failed to write");
                }
            }
        }
        return result;
    }

    private void disable(String why) {
        enabled = false;
        if (!(driver instanceof QueuedDriver)) { // a queued driver reported its failure itself
            diagnostics.error("log driver " + name + " " + why + "; it is disabled, other drivers go on");
        }
    }
}
