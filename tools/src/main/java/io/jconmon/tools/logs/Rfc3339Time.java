package io.jconmon.tools.logs;

/**
 * Parses RFC 3339 timestamps with an optional fraction of up to nine digits and a {@code Z} or
 * numeric offset, from bytes and without allocating: {@code 2026-08-19T11:26:26.123456789+02:00}
 * (k8s-file, conmon-interface.md §5.2.2) and {@code 2026-11-23T12:10:50.892285985Z} (json-file).
 * A log of millions of lines has a timestamp on each, so java.time's parsers are too slow here.
 */
final class Rfc3339Time {

    /** Returned for text that is not a timestamp: no real log time is this early. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Rfc3339Time() {}

    /** The instant in {@code text[from, to)} as nanoseconds since the epoch, or {@link #INVALID}. */
    static long parseNanos(byte[] text, int from, int to) {
        // YYYY-MM-DDTHH:MM:SS is 19 bytes, then at least "Z".
        if (to - from < 20 || text[from + 4] != '-' || text[from + 7] != '-'
                || (text[from + 10] != 'T' && text[from + 10] != 't')
                || text[from + 13] != ':' || text[from + 16] != ':') {
            return INVALID;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        int hour = digits(text, from + 11, 2);
        int minute = digits(text, from + 14, 2);
        int second = digits(text, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return INVALID;
        }
        int at = from + 19;
        long nanos = 0;
        if (text[at] == '.') {
            at++;
            int digits = 0;
            while (at < to && text[at] >= '0' && text[at] <= '9') {
                if (digits == 9) {
                    return INVALID;
                }
                nanos = nanos * 10 + (text[at] - '0');
                digits++;
                at++;
            }
            if (digits == 0) {
                return INVALID;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == to - 1 && (text[at] == 'Z' || text[at] == 'z')) {
            offsetSeconds = 0;
        } else if (at == to - 6 && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
            int hours = digits(text, at + 1, 2);
            int minutes = digits(text, at + 4, 2);
            if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
                return INVALID;
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (text[at] == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return epochSecond * NANOS_PER_SECOND + nanos;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (years counted from March). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        int yearOfEra = (int) (y - era * 400);
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** {@code count} decimal digits at {@code text[at]}, or -1 if one is not a digit. */
    private static int digits(byte[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
