package io.jconmon.driver.support;

/**
 * Warnings about an unreachable or overloaded receiver, at most one per ten seconds: a receiver
 * that flaps (or a socket buffer that is full every other message) must not flood the monitor's own
 * log. The next warning says how many were held back; the drop counter has the exact loss.
 * Not thread-safe: a driver uses it from the thread that calls it.
 */
public final class OutageWarnings {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final System.Logger logger;
    private boolean any;
    private long last;
    private int heldBack;

    /** Warnings that go to {@code logger}, the driver context's. */
    public OutageWarnings(System.Logger logger) {
        this.logger = logger;
    }

    /** Logs {@code message} as a warning, unless a message went out less than ten seconds ago. */
    public void warn(String message) {
        log(System.Logger.Level.WARNING, message);
    }

    /** Logs {@code message} as information, unless a message went out less than ten seconds ago. */
    public void info(String message) {
        log(System.Logger.Level.INFO, message);
    }

    private void log(System.Logger.Level level, String message) {
        long now = System.nanoTime();
        if (any && now - last < INTERVAL_NANOS) {
            heldBack++;
            return;
        }
        logger.log(level, heldBack == 0 ? message : message + " (" + heldBack + " similar messages held back)");
        any = true;
        last = now;
        heldBack = 0;
    }
}
