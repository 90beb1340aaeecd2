package io.jconmon.driver.jsonfile;

import io.jconmon.driver.CivilTime;
import java.nio.charset.StandardCharsets;

/**
 * Formats instants as Go's {@code time.RFC3339Nano} in UTC, the {@code time} field of Docker's
 * json-file lines: {@code 2026-11-23T12:10:50.892285985Z}, the fraction's trailing zeros trimmed
 * ({@code .8922Z}) and no fraction at all on a whole second ({@code 12:10:50Z}).
 *
 * <p>Allocation-free: the date and time of day are recomputed only when the epoch second changes,
 * and everything is written by hand into the caller's array. Not thread-safe; one per driver.
 */
final class Rfc3339NanoFormatter {

    /** The longest text: 19 for date and time, 10 for the fraction, 1 for {@code Z}. */
    static final int MAX_LENGTH = 30;

    /** Go's zero {@code time.Time}, which Moby writes when it has no timestamp. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int SECOND_LENGTH = 19;

    private final byte[] secondText = new byte[SECOND_LENGTH];
    private boolean formattedAny;
    private long formattedSecond;

    /**
     * Writes a CLOCK_REALTIME instant at {@code at}; {@code into} must have {@link #MAX_LENGTH} bytes
     * free there.
     *
     * @return the index after the last byte written
     */
    int format(long epochNanos, byte[] into, int at) {
        long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        if (!formattedAny || second != formattedSecond) {
            formatSecond(second);
            formattedAny = true;
            formattedSecond = second;
        }
        System.arraycopy(secondText, 0, into, at, SECOND_LENGTH);
        int end = at + SECOND_LENGTH;
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        if (nanos != 0) {
            // Go's ".999999999": nine digits, then the trailing zeros (and only those) dropped.
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            into[end] = '.';
            for (int i = end + digits; i > end; i--) {
                into[i] = (byte) ('0' + nanos % 10);
                nanos /= 10;
            }
            end += digits + 1;
        }
        into[end] = 'Z';
        return end + 1;
    }

    /** The text {@link #format} writes, as a string (for the gzip header and tests). */
    String text(long epochNanos) {
        byte[] text = new byte[MAX_LENGTH];
        int end = format(epochNanos, text, 0);
        return new String(text, 0, end, StandardCharsets.US_ASCII);
    }

    private void formatSecond(long second) {
        CivilTime.write(second, secondText, 0);
    }

}
