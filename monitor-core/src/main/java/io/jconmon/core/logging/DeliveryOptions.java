package io.jconmon.core.logging;

import io.jconmon.spi.LogDriverException;
import java.util.Locale;
import java.util.Map;

/**
 * How records reach one driver: the host's own options, valid for every driver and never passed to
 * it ({@code --log-opt DRIVER.mode=non-blocking}, the names Docker uses).
 *
 * <ul>
 *   <li>{@code mode=blocking} (default): nothing is lost. A driver that cannot take a record now
 *       ({@code RETRY_LATER}) pauses reading, so the container blocks on its full pipe.
 *   <li>{@code mode=non-blocking}: the driver gets records through a bounded queue on its own
 *       thread; when the queue is full records are dropped, counted per stream, and a
 *       "N records dropped" record is written when delivery resumes. The container never waits.
 *   <li>{@code max-buffer-size}: the queue's size in bytes ({@code 1m}, {@code 512k}, ...; default 1m).
 *   <li>{@code watchdog}: how long one call into a plugin may take before the host stops waiting
 *       for it (seconds, or {@code 500ms}; default 5s). Plugins from plugins.d always run on their
 *       own thread; built-in drivers run inline on the event loop in blocking mode.
 * </ul>
 *
 * @param queued true when the driver runs on its own delivery thread
 * @param dropWhenFull true for non-blocking mode
 */
record DeliveryOptions(boolean queued, boolean dropWhenFull, int maxBufferBytes, long watchdogMillis) {
    static final String MODE = "mode";
    static final String MAX_BUFFER_SIZE = "max-buffer-size";
    static final String WATCHDOG = "watchdog";
    /** The keys for messages, in a fixed order. */
    static final String KEY_LIST = MODE + ", " + MAX_BUFFER_SIZE + ", " + WATCHDOG;

    static final int DEFAULT_MAX_BUFFER = 1 << 20;
    static final long DEFAULT_WATCHDOG_MILLIS = 5000;
    // The largest record is 8 KiB (conmon's chunk); a queue must hold a few of them.
    private static final int MIN_BUFFER = 64 * 1024;
    private static final int MAX_BUFFER = 16 << 20;

    /**
     * Takes the host's keys out of {@code options} (which the driver then receives) and validates them.
     *
     * @param builtIn true for drivers shipped with jconmon, which may run inline
     */
    static DeliveryOptions extract(String driver, Map<String, String> options, boolean builtIn)
            throws LogDriverException {
        String mode = options.remove(MODE);
        String size = options.remove(MAX_BUFFER_SIZE);
        String watchdog = options.remove(WATCHDOG);
        boolean nonBlocking;
        if (mode == null || mode.equals("blocking")) {
            nonBlocking = false;
        } else if (mode.equals("non-blocking")) {
            nonBlocking = true;
        } else {
            throw new LogDriverException("log driver " + driver + ": option mode must be blocking or non-blocking, not "
                    + mode);
        }
        int maxBuffer = size == null ? DEFAULT_MAX_BUFFER : parseSize(driver, size);
        long watchdogMillis = watchdog == null ? DEFAULT_WATCHDOG_MILLIS : parseDuration(driver, watchdog);
        return new DeliveryOptions(nonBlocking || !builtIn, nonBlocking, maxBuffer, watchdogMillis);
    }

    static int parseSize(String driver, String text) throws LogDriverException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            unit = 1 << 10;
        } else if (t.endsWith("m")) {
            unit = 1 << 20;
        } else if (t.endsWith("g")) {
            unit = 1 << 30;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            value = -1;
        }
        // The monitor's whole heap is 64 MiB (dist/src/write-jvm-args.sh): a queue must leave room.
        if (value < MIN_BUFFER || value > MAX_BUFFER) {
            throw new LogDriverException("log driver " + driver + ": option max-buffer-size must be a size between 64k and 16m, not "
                    + text);
        }
        return (int) value;
    }

    static long parseDuration(String driver, String text) throws LogDriverException {
        String t = text.trim();
        long unit = 1000;
        if (t.endsWith("ms")) {
            unit = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t) * unit;
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LogDriverException("log driver " + driver + ": option watchdog must be a duration such as 5s or 500ms, not "
                + text);
    }
}
