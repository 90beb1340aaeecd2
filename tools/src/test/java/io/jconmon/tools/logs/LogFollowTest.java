package io.jconmon.tools.logs;

import static io.jconmon.spi.LogStream.STDERR;
import static io.jconmon.spi.LogStream.STDOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.tools.ExitStatus;
import io.jconmon.tools.ToolsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jconmon logs --follow} against files the real drivers keep writing, rotating and
 * truncating while it runs; it ends when the log is deleted.
 */
class LogFollowTest {

    private static final long T0 = LogsCommandTest.T0;

    @TempDir
    Path dir;

    /** A {@code logs --follow} running on another thread, its stdout readable while it runs. */
    private static final class Following {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> status;

        Following(String... args) {
            List<String> all = new ArrayList<>(List.of("logs", "--follow"));
            all.addAll(List.of(args));
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            status = CompletableFuture.supplyAsync(() -> ToolsMain.run(all.toArray(String[]::new), out, errStream));
        }

        List<String> lines() {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }

        void awaitLines(List<String> expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!lines().equals(expected)) {
                if (System.nanoTime() > deadline || status.isDone()) {
                    throw new AssertionError("expected " + expected + "\nbut printed " + lines() + "\nstderr "
                            + err.toString(StandardCharsets.UTF_8) + (status.isDone() ? " (ended)" : ""));
                }
                Thread.sleep(20);
            }
        }

        int awaitEnd() throws Exception {
            return status.get(20, TimeUnit.SECONDS);
        }
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static void write(DriverLog log, List<String> lines) {
        for (String line : lines) {
            log.line(STDOUT, T0, line);
        }
        log.flush();
    }

    private static void deleteLog(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private static List<String> upTo(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void followPrintsNewLinesAcrossK8sFileRotationsAndStopsWhenTheLogIsDeleted() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "1000", "rotate", "true", "max-files", "50")) {
            List<String> before = numbered("before ", 0, 30);
            write(log, before);
            Following f = new Following(file.toString());
            f.awaitLines(before);
            List<String> all = before;
            for (int round = 0; round < 5; round++) {
                // About 1.5 files per round: every round rotates at least once while followed.
                List<String> more = numbered("round " + round + " line ", 0, 25);
                write(log, more);
                all = upTo(all, more);
                f.awaitLines(all);
            }
            assertTrue(Files.exists(dir.resolve("ctr.log.5")), "the log rotated while followed");
            deleteLog(dir);
            assertEquals(ExitStatus.OK, f.awaitEnd());
            assertEquals(all, f.lines());
        }
    }

    @Test
    void followSurvivesConmonsDefaultTruncationByReplacement() throws Exception {
        Path file = dir.resolve("ctr.log");
        // Without rotate, max-size replaces the file by a new empty one (conmon-interface.md §5.2.4).
        try (DriverLog log = DriverLog.k8sFile(file, "max-size", "1000")) {
            Following f = new Following(file.toString());
            List<String> all = List.of();
            for (int round = 0; round < 4; round++) {
                List<String> more = numbered("round " + round + " line ", 0, 15); // ~900 bytes
                write(log, more);
                all = upTo(all, more);
                f.awaitLines(all);
            }
            deleteLog(dir);
            assertEquals(ExitStatus.OK, f.awaitEnd());
        }
    }

    @Test
    void followStartsOverWhenTheFileIsTruncatedInPlace() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file)) {
            List<String> first = numbered("first ", 0, 20);
            write(log, first);
            Following f = new Following(file.toString());
            f.awaitLines(first);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(0); // copytruncate, or "> ctr.log"
            }
            Thread.sleep(5 * LogsCommand.POLL_MILLIS);
            List<String> second = numbered("second ", 0, 5); // the driver appends (O_APPEND) at the new end
            write(log, second);
            f.awaitLines(upTo(first, second));
            deleteLog(dir);
            assertEquals(ExitStatus.OK, f.awaitEnd());
        }
    }

    @Test
    void followReadsJsonFileAcrossGzippedRotationsWithTail() throws Exception {
        Path file = dir.resolve("ctr.json");
        try (DriverLog log = DriverLog.jsonFile(file, "max-size", "1500", "max-file", "20", "compress", "true")) {
            write(log, numbered("old ", 0, 100));
            Following f = new Following("--tail", "3", file.toString());
            List<String> all = numbered("old ", 97, 100);
            f.awaitLines(all);
            for (int round = 0; round < 3; round++) {
                List<String> more = numbered("round " + round + " ", 0, 40);
                write(log, more);
                all = upTo(all, more);
                f.awaitLines(all);
            }
            deleteLog(dir);
            assertEquals(ExitStatus.OK, f.awaitEnd());
            assertEquals(all, f.lines());
        }
    }

    @Test
    void followWaitsForTheEndOfALineWrittenInParts() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, T0, "whole").partial(STDOUT, T0, "first half, ").flush();
            Following f = new Following(file.toString());
            f.awaitLines(List.of("whole"));
            Thread.sleep(3 * LogsCommand.POLL_MILLIS);
            assertEquals(List.of("whole"), f.lines(), "a partial line is held until it ends");
            log.line(STDOUT, T0, "second half").flush();
            f.awaitLines(List.of("whole", "first half, second half"));
            deleteLog(dir);
            assertEquals(ExitStatus.OK, f.awaitEnd());
        }
    }

    @Test
    void followEndsOnceTheClockPassesUntilAndPrintsTheLineStillOpen() throws Exception {
        Path file = dir.resolve("ctr.log");
        long t2020 = java.time.Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        try (DriverLog log = DriverLog.k8sFile(file)) {
            log.line(STDOUT, t2020, "in time").partial(STDERR, t2020 + 1, "begun in time")
                    .line(STDOUT, t2020 + 10_000_000_000L, "too late").flush();
            Following f = new Following("--until", "2020-01-01T00:00:05Z", file.toString());
            assertEquals(ExitStatus.OK, f.awaitEnd());
            assertEquals(List.of("in time", "begun in time"), f.lines());
        }
    }
}
