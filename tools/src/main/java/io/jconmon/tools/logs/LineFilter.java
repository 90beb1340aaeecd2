package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;

/**
 * Which lines {@code jconmon logs} prints: one stream or both, and a time window. A line's time is
 * the time of its first record, when the line began.
 *
 * @param stream the stream to print, or null for both
 * @param sinceNanos print lines at or after this instant (nanoseconds since the epoch)
 * @param untilNanos print lines at or before this instant
 */
record LineFilter(LogStream stream, long sinceNanos, long untilNanos) {

    /** Everything. */
    static final LineFilter ALL = new LineFilter(null, Long.MIN_VALUE, Long.MAX_VALUE);

    boolean wantsStream(LogStream s) {
        return stream == null || stream == s;
    }

    boolean wantsTime(long nanos) {
        return nanos >= sinceNanos && nanos <= untilNanos;
    }
}
