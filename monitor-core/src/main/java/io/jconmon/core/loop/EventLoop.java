package io.jconmon.core.loop;

import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The monitor's single event loop (the shape of Netty's EpollEventLoop): one epoll fd, an
 * fd → handler table, a few one-shot timers, and a reused event array. Every fd the monitor
 * watches is owned by this thread; nothing here is thread-safe.
 *
 * <p>A handler that throws is reported through the error sink and unregistered: the loop itself
 * never dies from a handler's failure.
 */
public final class EventLoop implements AutoCloseable {
    private static final int MAX_EVENTS = 32;

    private final int epfd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment events = Epoll.allocateEvents(arena, MAX_EVENTS);
    private FdHandler[] handlers = new FdHandler[64];
    private final List<Timer> timers = new ArrayList<>();
    private final Consumer<String> errorSink;
    private boolean running;

    /** A pending one-shot timer; {@link #cancel()} it when it is no longer wanted. */
    public static final class Timer {
        private final long deadlineNanos;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long deadlineNanos, Runnable action) {
            this.deadlineNanos = deadlineNanos;
            this.action = action;
        }

        public void cancel() {
            cancelled = true;
        }
    }

    /** @param errorSink receives a message for every handler failure (the monitor's diagnostics) */
    public EventLoop(Consumer<String> errorSink) throws NativeException {
        this.epfd = Epoll.create();
        this.errorSink = errorSink;
    }

    /** Starts watching {@code fd} for {@code events}. */
    public void register(int fd, int events, FdHandler handler) throws NativeException {
        if (fd >= handlers.length) {
            handlers = Arrays.copyOf(handlers, Math.max(fd + 1, handlers.length * 2));
        }
        Epoll.add(epfd, fd, events);
        handlers[fd] = handler;
    }

    /** Changes the events watched for {@code fd}. */
    public void modify(int fd, int events) throws NativeException {
        Epoll.modify(epfd, fd, events);
    }

    /** Stops watching {@code fd} (does not close it). Safe to call for an fd that is not registered. */
    public void unregister(int fd) {
        if (fd >= 0 && fd < handlers.length && handlers[fd] != null) {
            handlers[fd] = null;
            try {
                Epoll.remove(epfd, fd);
            } catch (NativeException e) {
                // The fd was closed already: the kernel dropped it from the epoll set itself.
            }
        }
    }


    /** Runs {@code action} on the loop thread once, after {@code delayMillis}. */
    public Timer schedule(long delayMillis, Runnable action) {
        Timer t = new Timer(System.nanoTime() + delayMillis * 1_000_000L, action);
        timers.add(t);
        return t;
    }

    /** Makes {@link #run()} return after the current dispatch round. */
    public void stop() {
        running = false;
    }

    /** Dispatches events and timers until {@link #stop()} is called. */
    public void run() throws NativeException {
        running = true;
        while (running) {
            runOnce();
        }
    }

    /**
     * One round: waits for events until the next timer is due (or forever without timers),
     * dispatches the events in the kernel's order, then runs the timers that are due.
     */
    public void runOnce() throws NativeException {
        int n = Epoll.await(epfd, events, MAX_EVENTS, nextTimeoutMillis());
        for (int i = 0; i < n; i++) {
            dispatch(Epoll.fdAt(events, i), Epoll.eventsAt(events, i));
        }
        runDueTimers();
    }

    /** Dispatches the events that are ready now, without waiting and without running timers. */
    public void pollNow() throws NativeException {
        int n = Epoll.await(epfd, events, MAX_EVENTS, 0);
        for (int i = 0; i < n; i++) {
            dispatch(Epoll.fdAt(events, i), Epoll.eventsAt(events, i));
        }
    }

    private void dispatch(int fd, int ready) {
        FdHandler h = fd < handlers.length ? handlers[fd] : null;
        if (h == null) {
            return; // unregistered during this round
        }
        try {
            h.onReady(ready);
        } catch (Exception | LinkageError e) {
            errorSink.accept("handler for fd " + fd + " failed, no longer watched: " + e);
            unregister(fd);
        }
    }

    private int nextTimeoutMillis() {
        if (timers.isEmpty()) {
            return -1;
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Timer t : timers) {
            next = Math.min(next, t.deadlineNanos);
        }
        long millis = (next - now + 999_999) / 1_000_000;
        return (int) Math.max(0, Math.min(millis, Integer.MAX_VALUE));
    }

    private void runDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<Timer> due = new ArrayList<>();
        timers.removeIf(t -> {
            if (t.cancelled) {
                return true;
            }
            if (t.deadlineNanos - now <= 0) {
                due.add(t);
                return true;
            }
            return false;
        });
        for (Timer t : due) {
            try {
                t.action.run();
            } catch (RuntimeException e) {
                errorSink.accept("timer failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        LibC.closeQuietly(epfd);
        arena.close();
    }
}
