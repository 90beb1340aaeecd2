package io.jconmon.driver.fluentd;

/**
 * Warnings about an unreachable or overloaded receiver, at most one per ten seconds: a receiver
 * that flaps (or a socket buffer that is full every other message) must not flood the monitor's own
 * log. The next warning says how many were held back; the drop counter has the exact loss.
 */
final class OutageWarnings {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final System.Logger logger;
    private boolean any;
    private long last;
    private int heldBack;

    OutageWarnings(System.Logger logger) {
        this.logger = logger;
    }

    void warn(String message) {
        log(System.Logger.Level.WARNING, message);
    }

    void info(String message) {
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
