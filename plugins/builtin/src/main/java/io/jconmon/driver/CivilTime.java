package io.jconmon.driver;

/**
 * Writes {@code YYYY-MM-DDTHH:MM:SS} for a count of seconds since 1970-01-01T00:00:00 (already
 * shifted to the wanted zone), by arithmetic and into a caller's array: the log drivers' timestamps
 * must not allocate per record, which java.time's formatters do. Proleptic Gregorian calendar.
 */
public final class CivilTime {
    /** The number of bytes {@link #write} writes. */
    public static final int LENGTH = 19;
    private static final int SECONDS_PER_DAY = 86_400;

    private CivilTime() {}

    /** Writes the {@link #LENGTH} bytes of {@code localSecond}'s date and time at {@code out[at]}. */
    public static void write(long localSecond, byte[] out, int at) {
        long days = Math.floorDiv(localSecond, SECONDS_PER_DAY);
        int secondOfDay = Math.floorMod(localSecond, SECONDS_PER_DAY);

        // Civil date from days since 1970-01-01 (eras of 400 years, years counted from March so
        // that the leap day comes last).
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        // A 64-bit nanosecond clock spans 1677..2262, so the year always has four digits.
        int year = (int) (era * 400 + yearOfEra + (month <= 2 ? 1 : 0));

        digits2(out, at, year / 100);
        digits2(out, at + 2, year % 100);
        out[at + 4] = '-';
        digits2(out, at + 5, month);
        out[at + 7] = '-';
        digits2(out, at + 8, day);
        out[at + 10] = 'T';
        digits2(out, at + 11, secondOfDay / 3600);
        out[at + 13] = ':';
        digits2(out, at + 14, secondOfDay / 60 % 60);
        out[at + 16] = ':';
        digits2(out, at + 17, secondOfDay % 60);
    }

    /** Two decimal digits of {@code value} (0..99) at {@code out[at]}. */
    public static void digits2(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
    }
}
