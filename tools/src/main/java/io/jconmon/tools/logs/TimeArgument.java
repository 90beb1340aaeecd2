package io.jconmon.tools.logs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --since} / {@code --until}, read as Podman reads it: an RFC 3339 time
 * ({@code 2026-11-23T12:00:00Z}, {@code 2026-11-23T13:00:00.5+01:00}), a local date-time or date
 * without zone ({@code 2026-11-23T12:00:00}, {@code 2026-11-23}), Unix seconds ({@code 1763899200},
 * {@code 1763899200.5}), or a Go duration before now ({@code 10m}, {@code 1h30m}, {@code 1.5h},
 * units ns, us, µs, ms, s, m, h).
 */
final class TimeArgument {

    private static final Pattern UNIX = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private TimeArgument() {}

    /**
     * @return nanoseconds since the epoch
     * @throws IllegalArgumentException with a message for the user
     */
    static long parse(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        try {
            return nanos(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            // next form
        }
        try {
            return nanos(LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            // next form
        }
        try {
            return nanos(LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant());
        } catch (DateTimeException e) {
            // next form
        }
        Matcher unix = UNIX.matcher(t);
        if (unix.matches() && unix.group(1).length() <= 12) {
            long seconds = Long.parseLong(unix.group(1));
            String fraction = unix.group(2) == null ? "" : unix.group(2);
            long frac = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
            return seconds * 1_000_000_000L + frac;
        }
        long duration = durationNanos(t);
        if (duration >= 0) {
            return nanos(now) - duration;
        }
        throw new IllegalArgumentException("'" + text + "' is not a time (RFC 3339 such as 2026-11-23T12:00:00Z,"
                + " a date, Unix seconds) nor a duration (such as 10m or 2h)");
    }

    /** A Go duration such as {@code 1h30m} or {@code 2.5s} in nanoseconds, or -1. */
    static long durationNanos(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        Matcher part = DURATION_PART.matcher(text);
        int at = 0;
        double total = 0;
        while (at < text.length()) {
            if (!part.find(at) || part.start() != at) {
                return -1;
            }
            double value = Double.parseDouble(part.group(1));
            total += value * switch (part.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = part.end();
        }
        return (long) total;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
