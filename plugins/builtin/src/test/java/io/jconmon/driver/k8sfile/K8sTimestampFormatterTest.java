package io.jconmon.driver.k8sfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class K8sTimestampFormatterTest {

    private static final DateTimeFormatter CRI =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");

    private static long nanos(String instant) {
        Instant at = Instant.parse(instant);
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static String format(K8sTimestampFormatter formatter, long epochNanos) {
        byte[] text = formatter.format(epochNanos);
        assertEquals(K8sTimestampFormatter.LENGTH, text.length);
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static String expected(ZoneId zone, long epochNanos) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
        return CRI.withZone(zone).format(at);
    }

    @Test
    void utcIsWrittenAsPlusZeroWithNineFractionDigitsNeverZ() {
        var formatter = new K8sTimestampFormatter(ZoneOffset.UTC);
        assertEquals("2026-11-23T12:10:50.892285985+00:00",
                format(formatter, nanos("2026-11-23T12:10:50.892285985Z")));
        assertEquals("2026-11-23T12:10:50.000000001+00:00",
                format(formatter, nanos("2026-11-23T12:10:50.000000001Z")));
        assertEquals("1970-01-01T00:00:00.000000000+00:00", format(formatter, 0));
    }

    @Test
    void repeatingAnInstantGivesTheSameTextAndTheNextInstantStillChanges() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("Europe/Berlin"));
        long t = nanos("2026-11-23T12:10:50.999999999Z");
        assertEquals("2026-11-23T13:10:50.999999999+01:00", format(formatter, t));
        assertEquals("2026-11-23T13:10:50.999999999+01:00", format(formatter, t));
        assertEquals("2026-11-23T13:10:51.000000000+01:00", format(formatter, t + 1));
        assertEquals("2026-11-23T13:10:51.000000000+01:00", format(formatter, t + 1));
        assertEquals("2026-11-23T13:10:50.999999999+01:00", format(formatter, t));
    }

    @Test
    void localTimeOfTheZoneIsUsed() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("Europe/Berlin"));
        assertEquals("2026-08-19T11:26:26.123456789+02:00",
                format(formatter, nanos("2026-08-19T09:26:26.123456789Z")));
    }

    @Test
    void halfHourPositiveOffset() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("Asia/Kolkata"));
        assertEquals("2026-01-01T05:29:59.999999999+05:30",
                format(formatter, nanos("2025-12-31T23:59:59.999999999Z")));
    }

    @Test
    void negativeOffsetCrossesMidnightBackwards() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("America/St_Johns"));
        assertEquals("2025-12-31T20:30:00.000000007-03:30",
                format(formatter, nanos("2026-01-01T00:00:00.000000007Z")));
    }

    @Test
    void offsetSecondsAreTruncated() {
        assertEquals("1970-01-01T05:30:45.000000000+05:30",
                format(new K8sTimestampFormatter(ZoneOffset.ofHoursMinutesSeconds(5, 30, 45)), 0));
        assertEquals("1969-12-31T23:34:39.000000000-00:25",
                format(new K8sTimestampFormatter(ZoneOffset.ofHoursMinutesSeconds(0, -25, -21)), 0));
    }

    @Test
    void springForwardSwitchesOffsetAtTheTransitionSecond() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("Europe/Berlin"));
        long transition = nanos("2026-03-29T01:00:00Z");
        assertEquals("2026-03-29T01:59:59.999999999+01:00", format(formatter, transition - 1));
        assertEquals("2026-03-29T03:00:00.000000000+02:00", format(formatter, transition));
        // And back again: the cached offset must not leak into the earlier second.
        assertEquals("2026-03-29T01:59:59.000000000+01:00", format(formatter, transition - 1_000_000_000L));
    }

    @Test
    void fallBackRepeatsTheLocalHourWithTheNewOffset() {
        var formatter = new K8sTimestampFormatter(ZoneId.of("Europe/Berlin"));
        long transition = nanos("2026-10-25T01:00:00Z");
        assertEquals("2026-10-25T02:59:59.999999999+02:00", format(formatter, transition - 1));
        assertEquals("2026-10-25T02:00:00.000000000+01:00", format(formatter, transition));
        assertEquals("2026-10-25T02:59:59.999999999+01:00", format(formatter, transition + 3_600_000_000_000L - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "America/New_York",
            "Australia/Lord_Howe", "Europe/Amsterdam", "Pacific/Kiritimati", "America/Sao_Paulo"})
    void agreesWithDateTimeFormatterAcrossCenturiesInAnyOrder(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        var formatter = new K8sTimestampFormatter(zone);
        var random = new SplittableRandom(zoneName.hashCode());
        long from = nanos("1900-01-01T00:00:00Z");
        long to = nanos("2200-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            long at = random.nextLong(from, to);
            assertEquals(expected(zone, at), format(formatter, at), () -> "at " + at);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe"})
    void agreesWithDateTimeFormatterSecondBySecondAroundEveryTransitionOfAYear(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        var formatter = new K8sTimestampFormatter(zone);
        var transitions = new ArrayList<ZoneOffsetTransition>();
        Instant after = Instant.parse("2025-01-01T00:00:00Z");
        while (transitions.size() < 4) {
            ZoneOffsetTransition next = zone.getRules().nextTransition(after);
            transitions.add(next);
            after = next.getInstant();
        }
        for (var transition : transitions) {
            long start = (transition.toEpochSecond() - 3) * 1_000_000_000L;
            for (int s = 0; s < 6; s++) {
                long at = start + s * 1_000_000_000L + 500_000_000L;
                assertEquals(expected(zone, at), format(formatter, at));
            }
        }
    }
}
