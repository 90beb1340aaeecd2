package io.jconmon.tools.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static long parse(String text) {
        return TimeArgument.parse(text, NOW, BERLIN);
    }

    @Test
    void rfc3339WithZoneOrOffset() {
        assertEquals(nanos("2026-11-23T11:00:00Z"), parse("2026-11-23T11:00:00Z"));
        assertEquals(nanos("2026-11-23T11:00:00.5Z"), parse("2026-11-23T12:00:00.5+01:00"));
        assertEquals(nanos("2026-11-23T11:00:00.123456789Z"), parse("2026-11-23T11:00:00.123456789Z"));
    }

    @Test
    void withoutZoneIsLocalTime() {
        assertEquals(nanos("2026-11-23T10:00:00Z"), parse("2026-11-23T11:00:00"));
        assertEquals(nanos("2026-11-22T23:00:00Z"), parse("2026-11-23"));
    }

    @Test
    void unixSeconds() {
        assertEquals(nanos("2026-11-23T12:00:00Z"), parse(Long.toString(NOW.getEpochSecond())));
        assertEquals(nanos("2026-11-23T12:00:00.25Z"), parse(NOW.getEpochSecond() + ".25"));
    }

    @Test
    void goDurationsCountBackFromNow() {
        assertEquals(nanos("2026-11-23T11:50:00Z"), parse("10m"));
        assertEquals(nanos("2026-11-23T10:00:00Z"), parse("2h"));
        assertEquals(nanos("2026-11-23T10:29:30Z"), parse("1h30m30s"));
        assertEquals(nanos("2026-11-23T10:30:00Z"), parse("1.5h"));
        assertEquals(nanos("2026-11-23T11:59:59.750Z"), parse("250ms"));
    }

    @Test
    void anythingElseIsRejectedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("yesterday"));
        assertEquals("'yesterday' is not a time (RFC 3339 such as 2026-11-23T12:00:00Z, a date, Unix seconds)"
                + " nor a duration (such as 10m or 2h)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("10x"));
        assertThrows(IllegalArgumentException.class, () -> parse("m"));
    }

    @Test
    void logTimestampsParseToTheSameInstantAsJavaTime() {
        for (String text : new String[] {"2026-08-19T11:26:26.123456789+02:00", "2026-11-23T12:10:50.892285985Z",
                "2026-11-23T12:10:50Z", "2026-11-23T12:10:50.8922Z", "1999-12-31T23:59:59.000000001-05:30",
                "2024-02-29T00:00:00+00:00", "2100-03-01T00:00:00Z"}) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            assertEquals(nanos(java.time.OffsetDateTime.parse(text).toInstant().toString()),
                    Rfc3339Time.parseNanos(b, 0, b.length), text);
        }
        for (String bad : new String[] {"2026-08-19 11:26:26Z", "2026-08-19T11:26:26", "2026-08-19T11:26:26.Z",
                "2026-13-19T11:26:26Z", "2026-08-19T11:26:26.1234567890Z", "x026-08-19T11:26:26Z"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Rfc3339Time.INVALID, Rfc3339Time.parseNanos(b, 0, b.length), bad);
        }
    }
}
