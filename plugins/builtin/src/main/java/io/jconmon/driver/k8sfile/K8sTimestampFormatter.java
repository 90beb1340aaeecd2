package io.jconmon.driver.k8sfile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import io.jconmon.driver.CivilTime;
import java.util.function.Supplier;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Formats CRI log timestamps, {@code YYYY-MM-DDTHH:MM:SS.NNNNNNNNN+HH:MM}, in a zone's local time
 * (conmon-interface.md §5.2.2: nine fraction digits, never {@code Z}, offset seconds truncated).
 *
 * <p>Allocation-free on the hot path: nothing is recomputed for the instant formatted last (all
 * records of one read share it), the date, time and offset are recomputed only when the epoch
 * second changes, the zone rules are consulted only when the second leaves the span in which the
 * current offset holds, and the nine nanosecond digits are written by hand into one reused array.
 * Not thread-safe; one instance per driver.
 */
final class K8sTimestampFormatter {

    /** The length of every formatted timestamp. */
    static final int LENGTH = 35;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int FRACTION_AT = 20;
    private static final int OFFSET_AT = 29;

    // Resolved on the first timestamp, not at open: loading the system zone's rules reads the
    // JDK's tz database (~12 ms), which must stay off the container-start path.
    private final Supplier<ZoneId> zone;
    private ZoneRules rules;
    private final byte[] text = "0000-00-00T00:00:00.000000000+00:00".getBytes(StandardCharsets.US_ASCII);

    private boolean formattedAny;
    private long formattedSecond;
    private long formattedNanos;

    // The current offset holds for epoch seconds in [offsetFrom, offsetUntil); empty at first.
    private long offsetFrom = 1;
    private long offsetUntil = 0;
    private int offsetSeconds;

    K8sTimestampFormatter(ZoneId zone) {
        this(() -> zone);
    }

    /** @param zone gives the zone when the first timestamp is formatted */
    K8sTimestampFormatter(Supplier<ZoneId> zone) {
        this.zone = zone;
    }

    /**
     * Formats a CLOCK_REALTIME instant.
     *
     * @return an array of {@link #LENGTH} ASCII bytes, reused (and overwritten) by the next call
     */
    byte[] format(long epochNanos) {
        // The monitor stamps every record of one read with the same instant (§5.2.2): a flood of
        // short lines formats each instant hundreds of times.
        if (formattedAny && epochNanos == formattedNanos) {
            return text;
        }
        formattedNanos = epochNanos;
        long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        if (!formattedAny || second != formattedSecond) {
            formatSecond(second);
            formattedAny = true;
            formattedSecond = second;
        }
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        for (int i = FRACTION_AT + 8; i >= FRACTION_AT; i--) {
            text[i] = (byte) ('0' + nanos % 10);
            nanos /= 10;
        }
        return text;
    }

    private void formatSecond(long second) {
        if (second < offsetFrom || second >= offsetUntil) {
            lookUpOffset(second);
        }
        CivilTime.write(second + offsetSeconds, text, 0);
    }

    private void lookUpOffset(long second) {
        Instant at = Instant.ofEpochSecond(second);
        if (rules == null) {
            rules = zone.get().getRules();
        }
        offsetSeconds = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(at);
        offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        // previousTransition is strictly before `at`; it starts our span only if it led to our offset.
        ZoneOffsetTransition previous = rules.previousTransition(at);
        if (previous == null) {
            offsetFrom = Long.MIN_VALUE;
        } else if (previous.getOffsetAfter().getTotalSeconds() == offsetSeconds) {
            offsetFrom = previous.toEpochSecond();
        } else {
            offsetFrom = second;
        }

        int abs = Math.abs(offsetSeconds);
        text[OFFSET_AT] = (byte) (offsetSeconds < 0 ? '-' : '+');
        CivilTime.digits2(text, OFFSET_AT + 1, abs / 3600);
        CivilTime.digits2(text, OFFSET_AT + 4, abs / 60 % 60);
    }

}
