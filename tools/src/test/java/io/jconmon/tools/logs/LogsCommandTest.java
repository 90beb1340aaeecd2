package io.jconmon.tools.logs;

import static io.jconmon.spi.LogStream.STDERR;
import static io.jconmon.spi.LogStream.STDOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.tools.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jconmon logs} on files written by the real k8s-file and json-file drivers. */
class LogsCommandTest {

    /** 2026-11-23T12:00:00Z; record i is written at T0 + i seconds. */
    static final long T0 = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static void writeLines(DriverLog log, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            log.line(STDOUT, T0 + i * SECOND, lines.get(i));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void k8sFileLinesComeBackAsContentAndNewline() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, T0, "out one").line(STDERR, T0 + 1, "err one").line(STDOUT, T0 + 2, "")
                    .line(STDOUT, T0 + 3, "  spaces  and\ttab \r");
        }
        LogsRun run = LogsRun.of(file.toString());
        assertEquals(ExitStatus.OK, run.status(), run.stderr());
        assertEquals("out one\nerr one\n\n  spaces  and\ttab \r\n", run.out());
        assertEquals("", run.stderr());
    }

    @Test
    void jsonFileLinesAreUnescaped() throws Exception {
        Path file = dir.resolve("ctr.json");
        String tricky = "quote\" backslash\\ tab\t <html> & \u00e9\u4e2d\ud83d\ude00 \u2028 ctrl\u0001";
        try (DriverLog log = DriverLog.jsonFile(file, "tag", "{{.Name}}")) {
            log.line(STDOUT, T0, "plain").line(STDERR, T0 + 1, tricky).line(STDOUT, T0 + 2, "");
        }
        assertTrue(Files.readString(file).contains("\"attrs\":{\"tag\":\"web\"}"), "attrs are written and must be skipped");
        LogsRun run = LogsRun.of(file.toString());
        assertEquals(ExitStatus.OK, run.status(), run.stderr());
        assertEquals("plain\n" + tricky + "\n\n", run.out());
    }

    @Test
    void formatIsDetectedOrForced() throws Exception {
        Path json = dir.resolve("ctr.json");
        try (DriverLog log = DriverLog.jsonFile(json)) {
            log.line(STDOUT, T0, "hello");
        }
        assertEquals("hello\n", LogsRun.of("--format", "json-file", json.toString()).out());
        LogsRun forcedWrong = LogsRun.of("--format", "k8s-file", json.toString());
        assertEquals(ExitStatus.FAILED, forcedWrong.status());
        assertTrue(forcedWrong.stderr().contains(json + ":1: "), forcedWrong.stderr());
        LogsRun unknown = LogsRun.of("--format", "syslog", json.toString());
        assertEquals(ExitStatus.USAGE, unknown.status());
        assertTrue(unknown.stderr().contains("unknown format 'syslog'"), unknown.stderr());
    }

    @Test
    void partialRecordsAreJoinedPerStreamEvenWhenInterleaved() throws Exception {
        Path k8s = dir.resolve("ctr.log");
        Path json = dir.resolve("ctr.json");
        for (DriverLog log : List.of(DriverLog.k8sFile(k8s), DriverLog.jsonFile(json))) {
            try (log) {
                log.partial(STDOUT, T0, "long ").partial(STDOUT, T0 + 1, "stdout ")
                        .line(STDERR, T0 + 2, "whole stderr")
                        .partial(STDERR, T0 + 3, "split ")
                        .line(STDOUT, T0 + 4, "line")
                        .line(STDERR, T0 + 5, "stderr")
                        .partial(STDOUT, T0 + 6, "never ended");
            }
            LogsRun run = LogsRun.of(log.path.toString());
            assertEquals(ExitStatus.OK, run.status(), run.stderr());
            assertEquals(List.of("whole stderr", "long stdout line", "split stderr", "never ended"), run.lines(),
                    log.path.toString());
            // A line's time is its first record's.
            LogsRun stamped = LogsRun.of("--timestamps", "--stream", "stdout", log.path.toString());
            String first = stamped.lines().get(0);
            String stamp = first.substring(0, first.indexOf(' '));
            byte[] stampBytes = stamp.getBytes(StandardCharsets.US_ASCII);
            assertEquals(T0, Rfc3339Time.parseNanos(stampBytes, 0, stampBytes.length), first);
            assertEquals("long stdout line", first.substring(stamp.length() + 1));
        }
    }

    @Test
    void aLineLongerThanReadBuffersSurvives() throws Exception {
        Path file = dir.resolve("ctr.log");
        String big = "x".repeat(1_000_000);
        try (DriverLog log = DriverLog.k8sFile(file)) {
            for (int i = 0; i < 100; i++) {
                log.partial(STDOUT, T0, big.substring(i * 10_000, (i + 1) * 10_000));
            }
            log.line(STDOUT, T0, "!");
        }
        assertEquals(big + "!\n", LogsRun.of(file.toString()).out());
    }

    @Test
    void k8sFileBackupsAreReadOldestFirst() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> lines = numbered("line ", 200);
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "600", "rotate", "true", "max-files", "100")) {
            writeLines(log, lines);
        }
        assertTrue(names(dir).containsAll(List.of("ctr.log", "ctr.log.1", "ctr.log.10", "ctr.log.2")), names(dir).toString());
        LogsRun run = LogsRun.of(file.toString());
        assertEquals(ExitStatus.OK, run.status(), run.stderr());
        assertEquals(lines, run.lines());
    }

    @Test
    void onlyWhatRotationKeptIsPrintedAndInOrder() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> lines = numbered("line ", 200);
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "600", "rotate", "true", "max-files", "3")) {
            writeLines(log, lines);
        }
        List<String> printed = LogsRun.of(file.toString()).lines();
        assertTrue(printed.size() > 20 && printed.size() < 200, printed.toString());
        assertEquals(lines.subList(200 - printed.size(), 200), printed);
    }

    @Test
    void gzippedK8sFileBackupsAreRead() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> lines = numbered("zipped ", 300);
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "2000", "rotate", "true", "max-files", "100",
                "compress", "true")) {
            writeLines(log, lines);
        }
        assertTrue(names(dir).containsAll(List.of("ctr.log", "ctr.log.1.gz", "ctr.log.2.gz")), names(dir).toString());
        assertEquals(lines, LogsRun.of(file.toString()).lines());
    }

    @Test
    void jsonFileBackupsPlainAndGzippedAreReadOldestFirst() throws Exception {
        for (String compress : List.of("false", "true")) {
            Path sub = Files.createDirectory(dir.resolve("compress-" + compress));
            Path file = sub.resolve("ctr.json");
            List<String> lines = numbered("json ", 300);
            try (DriverLog log = DriverLog.jsonFile(file, "max-size", "2000", "max-file", "100", "compress", compress)) {
                writeLines(log, lines);
            }
            String backup = compress.equals("true") ? "ctr.json.1.gz" : "ctr.json.1";
            assertTrue(names(sub).containsAll(List.of("ctr.json", backup)), names(sub).toString());
            LogsRun run = LogsRun.of(file.toString());
            assertEquals(ExitStatus.OK, run.status(), run.stderr());
            assertEquals(lines, run.lines(), "compress=" + compress);
        }
    }

    @Test
    void sinceUntilAndTailSelectAcrossFiles() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> lines = numbered("line ", 100);
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "800", "rotate", "true", "max-files", "100")) {
            writeLines(log, lines);
        }
        assertEquals(lines.subList(90, 100), LogsRun.of("--since", "2026-11-23T12:01:30Z", file.toString()).lines());
        assertEquals(lines.subList(0, 11), LogsRun.of("--until", "2026-11-23T13:00:10+01:00", file.toString()).lines());
        assertEquals(lines.subList(10, 21), LogsRun.of("--since", Long.toString(T0 / SECOND + 10),
                "--until", "2026-11-23T12:00:20.000000000Z", file.toString()).lines());
        assertEquals(lines.subList(95, 100), LogsRun.of("--tail", "5", file.toString()).lines());
        assertEquals(lines.subList(16, 21), LogsRun.of("--tail", "5", "--until", "2026-11-23T12:00:20Z",
                file.toString()).lines());
        assertEquals(List.of(), LogsRun.of("--tail", "0", file.toString()).lines());
        // The lines are from 2026-11-23; relative to now they are in the past (or, before that date, the future).
        boolean past = System.currentTimeMillis() * 1_000_000L > T0 + 100 * SECOND;
        assertEquals(past ? List.of() : lines, LogsRun.of("--since", "10m", file.toString()).lines());
    }

    @Test
    void timestampsArePrintedAsTheFileHasThem() throws Exception {
        Path json = dir.resolve("ctr.json");
        try (DriverLog log = DriverLog.jsonFile(json)) {
            log.line(STDOUT, T0 + 123_000_000, "a").line(STDOUT, T0 + SECOND, "b");
        }
        assertEquals(List.of("2026-11-23T12:00:00.123Z a", "2026-11-23T12:00:01Z b"),
                LogsRun.of("--timestamps", json.toString()).lines());
    }

    @Test
    void streamSelectsStdoutOrStderr() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, T0, "o1").line(STDERR, T0, "e1").line(STDOUT, T0, "o2");
        }
        assertEquals(List.of("e1"), LogsRun.of("--stream", "stderr", file.toString()).lines());
        assertEquals(List.of("o1", "o2"), LogsRun.of("--stream", "stdout", file.toString()).lines());
        assertEquals(ExitStatus.USAGE, LogsRun.of("--stream", "both", file.toString()).status());
    }

    @Test
    void aCorruptLineIsReportedWithFileAndLineAndSkipped() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, T0, "before");
        }
        Files.writeString(file, "garbage without fields\n2026-13-01T00:00:00Z stdout F bad month\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, T0, "after");
        }
        LogsRun run = LogsRun.of(file.toString());
        assertEquals(ExitStatus.FAILED, run.status());
        assertEquals(List.of("before", "after"), run.lines());
        assertTrue(run.stderr().contains(file + ":2: "), run.stderr());
        assertTrue(run.stderr().contains(file + ":3: bad timestamp"), run.stderr());
        assertTrue(run.stderr().contains("2 line(s) could not be parsed"), run.stderr());
    }

    @Test
    void aDamagedGzipBackupIsReportedAndTheOtherFilesStillPrinted() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> lines = numbered("line ", 300);
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "2000", "rotate", "true", "max-files", "100",
                "compress", "true")) {
            writeLines(log, lines);
        }
        Path newest = dir.resolve("ctr.log.1.gz");
        byte[] gz = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(gz, gz.length / 2));
        LogsRun run = LogsRun.of(file.toString());
        assertEquals(ExitStatus.FAILED, run.status());
        assertTrue(run.stderr().contains(newest + ": damaged gzip file"), run.stderr());
        List<String> printed = run.lines();
        assertEquals(lines.get(lines.size() - 1), printed.get(printed.size() - 1));
        assertEquals(lines.get(0), printed.get(0));
    }

    @Test
    void aMissingLogIsAnError() {
        LogsRun run = LogsRun.of(dir.resolve("nope.log").toString());
        assertEquals(ExitStatus.FAILED, run.status());
        assertEquals("jconmon logs: no such log file: " + dir.resolve("nope.log") + "\n", run.stderr());
        assertEquals(ExitStatus.USAGE, LogsRun.of().status());
    }

    @Test
    void helpDescribesEveryOption() {
        LogsRun run = LogsRun.of("--help");
        assertEquals(ExitStatus.OK, run.status());
        for (String option : List.of("--since", "--until", "--tail", "--follow", "--timestamps", "--stream", "--format",
                "PATH.N.gz", "Exit status")) {
            assertTrue(run.out().contains(option), option + " in\n" + run.out());
        }
    }
}
