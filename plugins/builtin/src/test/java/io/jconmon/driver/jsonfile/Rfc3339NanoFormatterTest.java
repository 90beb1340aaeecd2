package io.jconmon.driver.jsonfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc3339NanoFormatterTest {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Rfc3339NanoFormatter formatter = new Rfc3339NanoFormatter();

    private static long nanos(String instant) {
        return JsonLogEncoderTest.nanos(instant);
    }

    /** Go's RFC3339Nano by other means: nine digits with the trailing zeros (and a bare dot) removed. */
    private static String reference(long epochNanos) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
        String fraction = String.format("%09d", at.getNano()).replaceAll("0+$", "");
        return SECONDS.format(at) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }

    @Test
    void allNineDigitsWhenTheLastIsNotZero() {
        assertEquals("2026-11-23T12:10:50.892285985Z", formatter.text(nanos("2026-11-23T12:10:50.892285985Z")));
        assertEquals("2026-11-23T12:10:50.000000001Z", formatter.text(nanos("2026-11-23T12:10:50.000000001Z")));
    }

    @Test
    void trailingZerosOfTheFractionAreTrimmed() {
        assertEquals("2026-11-23T12:10:50.8922Z", formatter.text(nanos("2026-11-23T12:10:50.892200000Z")));
        assertEquals("2026-11-23T12:10:50.1Z", formatter.text(nanos("2026-11-23T12:10:50.100Z")));
        assertEquals("2026-11-23T12:10:50.00001Z", formatter.text(nanos("2026-11-23T12:10:50.000010Z")));
    }

    @Test
    void wholeSecondsHaveNoFractionAtAll() {
        assertEquals("2026-11-23T12:10:50Z", formatter.text(nanos("2026-11-23T12:10:50Z")));
        assertEquals("1970-01-01T00:00:00Z", formatter.text(0));
    }

    @Test
    void alwaysUtcWhateverTheDefaultZone() {
        var saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
            assertEquals("2025-12-31T23:59:59.999999999Z",
                    new Rfc3339NanoFormatter().text(nanos("2025-12-31T23:59:59.999999999Z")));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void instantsBefore1970AndLeapDays() {
        assertEquals("1969-12-31T23:59:59.999999999Z", formatter.text(-1));
        assertEquals("1969-12-31T23:59:59.5Z", formatter.text(-500_000_000L));
        assertEquals("2024-02-29T08:00:00.25Z", formatter.text(nanos("2024-02-29T08:00:00.25Z")));
        assertEquals("1677-09-21T00:12:43.145224192Z", formatter.text(Long.MIN_VALUE));
        assertEquals("2262-04-11T23:47:16.854775807Z", formatter.text(Long.MAX_VALUE));
    }

    @Test
    void writesAtTheGivenOffsetAndReportsTheEnd() {
        byte[] into = new byte[40];
        int end = formatter.format(nanos("2026-11-23T12:10:50.5Z"), into, 3);
        assertEquals(3 + "2026-11-23T12:10:50.5Z".length(), end);
        assertEquals("2026-11-23T12:10:50.5Z", new String(into, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void agreesWithJavaTimeAcrossTheWholeNanosecondRangeInAnyOrder() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long at = random.nextLong();
            if (i % 4 == 0) {
                at -= Math.floorMod(at, 1_000_000L); // many trailing zeros
            } else if (i % 4 == 1) {
                at = (at / 1_000_000_000L) * 1_000_000_000L; // whole seconds
            }
            long value = at;
            assertEquals(reference(value), formatter.text(value), () -> "at " + value);
        }
    }

    @Test
    void consecutiveRecordsWithinOneSecondReuseTheCachedSecond() {
        long start = nanos("2026-12-31T23:59:59Z");
        for (int ms = 0; ms < 2000; ms += 7) {
            long at = start + ms * 1_000_000L;
            assertEquals(reference(at), formatter.text(at));
        }
    }
}
