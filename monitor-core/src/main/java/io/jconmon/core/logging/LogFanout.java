package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.stdio.RecordSink;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogStream;
import java.util.List;

/**
 * Hands every record to every open driver. One driver's failure never reaches another: a driver
 * that fails or throws is disabled and reported, and what it then misses is counted.
 *
 * <p>Backpressure: a driver that answers {@code RETRY_LATER} keeps its record (and every later one)
 * in its {@link DriverSlot} backlog; the fan-out then asks its {@link FlowControl} to pause reading
 * the container's output and offers the backlog again on a timer until it is taken. The container
 * blocks on its full pipe meanwhile; nothing is lost.
 */
public final class LogFanout implements RecordSink {

    /** Pauses and resumes reading the container's output; the container monitor implements it. */
    public interface FlowControl {
        void pauseReading();

        void resumeReading();
    }

    private static final long RETRY_MIN_MILLIS = 2;
    private static final long RETRY_MAX_MILLIS = 100;
    // How long the exit path keeps offering a backlog before counting it as lost (§2.8 waits for it).
    private static final long EXIT_RETRY_MILLIS = 5000;

    private final DriverSlot[] slots;
    private RecordSink next;
    private EventLoop loop;
    private FlowControl flow;
    private boolean paused;
    private long retryDelay = RETRY_MIN_MILLIS;

    LogFanout(List<DriverSlot> slots) {
        this.slots = slots.toArray(DriverSlot[]::new);
    }

    /** Passes records and chunks on to {@code next} (attach clients) after the drivers. */
    public void chainTo(RecordSink next) {
        this.next = next;
    }

    /** Enables backpressure: retries run on {@code loop}, reading is paused through {@code flow}. */
    public void startFlowControl(EventLoop loop, FlowControl flow) {
        this.loop = loop;
        this.flow = flow;
    }

    @Override
    public void record(ReusableRecord record) {
        for (DriverSlot slot : slots) {
            record.rewind();
            slot.offer(record);
        }
        if (next != null) {
            next.record(record);
        }
    }

    @Override
    public void chunk(LogStream stream, byte[] buf, int start, int end) {
        if (next != null) {
            next.chunk(stream, buf, start, end);
        }
    }

    @Override
    public void endOfBatch() {
        flush();
        if (!paused && hasBacklog()) {
            pause();
        }
        if (next != null) {
            next.endOfBatch();
        }
    }

    /** True while some driver still owes records: reading is (or should be) paused. */
    public boolean hasBacklog() {
        for (DriverSlot slot : slots) {
            if (slot.hasBacklog()) {
                return true;
            }
        }
        return false;
    }

    /** Flushes every enabled driver. */
    public void flush() {
        for (DriverSlot slot : slots) {
            slot.flush();
        }
    }

    /** ctl type 2: asks every driver to reopen its output (§4.2). */
    public void reopen() {
        for (DriverSlot slot : slots) {
            slot.reopen();
        }
    }

    /**
     * Closes every driver and reports what each lost. A backlog gets a few more seconds to drain
     * first (blocking mode promises not to lose it); what is left after that is counted as dropped.
     */
    public void close() {
        awaitBacklog(System.nanoTime() + EXIT_RETRY_MILLIS * 1_000_000L);
        for (DriverSlot slot : slots) {
            slot.abandonBacklog();
            slot.startClosing();
        }
        for (DriverSlot slot : slots) {
            slot.close();
        }
    }

    /**
     * Offers the backlogs again, waiting between tries, until they are taken or {@code deadlineNanos}
     * passes (the exit path: the loop no longer runs timers).
     *
     * @return true when no driver owes records any more
     */
    public boolean awaitBacklog(long deadlineNanos) {
        long delay = RETRY_MIN_MILLIS;
        while (!retryAll()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            sleep(delay);
            delay = Math.min(RETRY_MAX_MILLIS, delay * 2);
        }
        return true;
    }

    /** The drop counter of driver {@code name} (reports and tests). */
    public DropCounter droppedBy(String name) {
        for (DriverSlot slot : slots) {
            if (slot.name.equals(name)) {
                return slot.context.dropped();
            }
        }
        throw new IllegalArgumentException("no driver " + name);
    }

    private void pause() {
        if (loop == null) {
            return; // no loop (tests, exit path): close() drains the backlog
        }
        paused = true;
        flow.pauseReading();
        retryDelay = RETRY_MIN_MILLIS;
        loop.schedule(retryDelay, this::retryFromTimer);
    }

    private void retryFromTimer() {
        if (retryAll()) {
            paused = false;
            flow.resumeReading();
        } else {
            retryDelay = Math.min(RETRY_MAX_MILLIS, retryDelay * 2);
            loop.schedule(retryDelay, this::retryFromTimer);
        }
    }

    /** Offers every backlog again; true when none is left. */
    private boolean retryAll() {
        boolean empty = true;
        for (DriverSlot slot : slots) {
            empty &= slot.retryBacklog();
        }
        if (empty) {
            flush();
        }
        return empty;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
