package io.jconmon.driver.jsonfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileDriverTest {

    private static final long T0 = JsonLogEncoderTest.nanos("2026-11-23T12:10:50.892285985Z");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final RecordingContext context = new RecordingContext();
    private TestContainer container = new TestContainer();
    private JsonFileDriver.Opener opener = JsonFileDriver.FILES;

    private JsonFileDriver open(Path file, String... keyValues) throws LogDriverException {
        Map<String, String> options = new HashMap<>();
        options.put("path", file.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return JsonFileDriver.open(JsonFileOptions.parse(options), container, context, opener);
    }

    /** The line the driver writes for a record (the encoder's exact bytes are pinned in its own test). */
    private static String lineOf(TestRecord record) {
        var encoder = new JsonLogEncoder(new byte[0]);
        // Records behave as the host's: whoever read the content last, rewind before and after.
        int length = encoder.encode(record.rewind());
        record.rewind();
        return new String(encoder.line(), 0, length, StandardCharsets.UTF_8);
    }

    /** A complete stdout line of {@code fill}s at T0 + {@code seconds} whose JSON line is {@code size} bytes. */
    private static TestRecord recordOfLineSize(int size, char fill, int seconds) {
        int overhead = lineOf(TestRecord.line(T0 + seconds * SECOND, "")).length();
        return TestRecord.line(T0 + seconds * SECOND, String.valueOf(fill).repeat(size - overhead));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void linesReachTheFileOnFlushInDockerFormat() throws Exception {
        Path file = dir.resolve("ctr.json");
        try (var driver = open(file)) {
            assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(T0, "hello")));
            assertEquals(WriteResult.ACCEPTED,
                    driver.write(new TestRecord(LogStream.STDERR, T0 + 100_000_000L, true, "part".getBytes(StandardCharsets.US_ASCII))));
            assertEquals(0, Files.size(file));
            assertEquals(WriteResult.ACCEPTED, driver.flush());
            assertEquals("{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:10:50.892285985Z\"}\n"
                    + "{\"log\":\"part\",\"stream\":\"stderr\",\"time\":\"2026-11-23T12:10:50.992285985Z\"}\n", read(file));
        }
    }

    @Test
    void everyLineIsValidJsonThatADockerReaderDecodesToTheOutput() throws Exception {
        Path file = dir.resolve("ctr.json");
        container = new TestContainer(Map.of("app", "shop <1>", "tier", "db\t2"));
        List<byte[]> contents = List.of(
                "plain".getBytes(StandardCharsets.UTF_8), new byte[0], "tty\r".getBytes(StandardCharsets.UTF_8),
                new byte[] {'a', 0, 'b', '\t', 8, 12, 27, 0x7f}, "<>&\"\\/".getBytes(StandardCharsets.UTF_8),
                "\u2028\u2029 é 🚀 \ufffd".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xc3, '(', (byte) 0xe2, (byte) 0x82, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < contents.size() * 4; i++) {
            records.add(new TestRecord(i % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, T0 + i * 1_000_000L,
                    i % 2 == 1, contents.get(i % contents.size())));
        }
        try (var driver = open(file, "labels", "tier,app,absent", "tag", "{{.Name}}/{{.ID}}")) {
            for (TestRecord record : records) {
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
            }
        }
        List<StrictJson.Line> lines = StrictJson.readLines(file);
        assertEquals(records.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            TestRecord record = records.get(i);
            StrictJson.Line line = lines.get(i);
            assertEquals(record.stream().wireName(), line.stream());
            assertEquals(Map.of("app", "shop <1>", "tag", "web/0123456789ab", "tier", "db\t2"), line.attrs());
            assertEquals(List.of("app", "tag", "tier"), List.copyOf(line.attrs().keySet()));
            assertEquals(record.timestampNanos(), line.time().getEpochSecond() * SECOND + line.time().getNano());
            byte[] content = contents.get(i % contents.size());
            if (i % contents.size() != contents.size() - 1) { // all but the invalid UTF-8 read back exactly
                String expected = StrictJson.decoded(content) + (record.isPartial() ? "" : "\n");
                assertEquals(expected.isEmpty() ? null : expected, line.log(), "line " + i);
            }
        }
        assertEquals("\ufffd\ufffd(\ufffd\ufffd\ufffd\ufffd\ufffd\n", lines.get(contents.size() - 1).log());
    }

    @Test
    void aLabelNamedTagGivesWayToTheTagAndAnEmptyTagIsLeftOut() throws Exception {
        Path file = dir.resolve("ctr.json");
        container = new TestContainer(Map.of("tag", "label"));
        try (var driver = open(file, "labels", "tag", "tag", "{{.ImageName}}")) {
            driver.write(TestRecord.line(T0, "x"));
        }
        assertEquals(Map.of("tag", "label"), StrictJson.readLines(file).getFirst().attrs());
        Files.delete(file);
        try (var driver = open(file, "labels", "tag", "tag", "t-{{.ID}}")) {
            driver.write(TestRecord.line(T0, "x"));
        }
        assertEquals(Map.of("tag", "t-0123456789ab"), StrictJson.readLines(file).getFirst().attrs());
    }

    @Test
    void newFileIsCreatedWithMode0640AndAnExistingFileIsAppendedTo() throws Exception {
        Path file = dir.resolve("ctr.json");
        open(file).close();
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.writeString(file, "{\"log\":\"old\\n\",\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:00Z\"}\n");
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "new"));
        }
        assertEquals(List.of("old\n", "new\n"), StrictJson.readLines(file).stream().map(StrictJson.Line::log).toList());
    }

    @Test
    void maxSizeRotatesAsMobyKeepingMaxFileFilesAndDroppingTheOldest() throws Exception {
        Path file = dir.resolve("ctr.json");
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(recordOfLineSize(100, (char) ('a' + i), i));
        }
        try (var driver = open(file, "max-size", "200", "max-file", "3")) {
            for (TestRecord record : records) {
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
            }
        }
        // A file is rotated once it holds 200 bytes: two 100-byte lines each; a..d are gone.
        assertEquals(List.of("ctr.json", "ctr.json.1", "ctr.json.2"), names(dir));
        assertEquals(lineOf(records.get(4)) + lineOf(records.get(5)), read(dir.resolve("ctr.json.2")));
        assertEquals(lineOf(records.get(6)) + lineOf(records.get(7)), read(dir.resolve("ctr.json.1")));
        assertEquals(lineOf(records.get(8)), read(file));
    }

    @Test
    void aFileEndsWithAWholeLineSoItMayExceedMaxSizeByLessThanOneLineAsInMoby() throws Exception {
        Path file = dir.resolve("ctr.json");
        var random = new SplittableRandom(3);
        List<String> written = new ArrayList<>();
        try (var driver = open(file, "max-size", "250", "max-file", "4")) {
            for (int i = 0; i < 300; i++) {
                TestRecord record = recordOfLineSize(random.nextInt(80, 160), (char) ('a' + i % 26), i);
                written.add(lineOf(record));
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
                if (i % 7 == 0) {
                    driver.flush();
                }
            }
        }
        assertEquals(List.of("ctr.json", "ctr.json.1", "ctr.json.2", "ctr.json.3"), names(dir));
        StringBuilder kept = new StringBuilder();
        for (String name : List.of("ctr.json.3", "ctr.json.2", "ctr.json.1", "ctr.json")) {
            String text = read(dir.resolve(name));
            List<StrictJson.Line> lines = StrictJson.readLines(text.getBytes(StandardCharsets.UTF_8));
            String last = text.substring(text.lastIndexOf('\n', text.length() - 2) + 1);
            assertTrue(text.length() - last.length() < 250, name + " was rotated too late");
            if (!name.equals("ctr.json")) {
                assertTrue(text.length() >= 250, name + " was rotated too early");
            }
            assertFalse(lines.isEmpty());
            kept.append(text);
        }
        // The files hold the newest lines, contiguous and in order.
        assertTrue(String.join("", written).endsWith(kept.toString()));
    }

    @Test
    void compressedBackupsAreGzipWithMobysLastTimeHeaderAndHoldWhatWasWritten() throws Exception {
        Path file = dir.resolve("ctr.json");
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(recordOfLineSize(100, (char) ('a' + i), i));
        }
        try (var driver = open(file, "max-size", "200", "max-file", "3", "compress", "true")) {
            for (TestRecord record : records) {
                driver.write(record);
            }
        }
        assertEquals(List.of("ctr.json", "ctr.json.1.gz", "ctr.json.2.gz"), names(dir));
        assertEquals(lineOf(records.get(4)) + lineOf(records.get(5)), gunzip(dir.resolve("ctr.json.2.gz")));
        assertEquals(lineOf(records.get(6)) + lineOf(records.get(7)), gunzip(dir.resolve("ctr.json.1.gz")));
        assertEquals(lineOf(records.get(8)), read(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ctr.json.1.gz"))));

        // Go's gzip.Writer header as Moby fills it: FEXTRA with {"lastTime":...}, no name, OS 255.
        byte[] gz = Files.readAllBytes(dir.resolve("ctr.json.1.gz"));
        String extra = "{\"lastTime\":\"2026-11-23T12:10:57.892285985Z\"}"; // record h, the file's last
        ByteBuffer header = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 255}, Arrays.copyOf(gz, 10));
        assertEquals(extra.length(), header.getShort(10));
        assertEquals(extra, new String(gz, 12, extra.length(), StandardCharsets.US_ASCII));
        assertEquals("{\"lastTime\":\"2026-11-23T12:10:55.892285985Z\"}",
                new String(Files.readAllBytes(dir.resolve("ctr.json.2.gz")), 12, extra.length(), StandardCharsets.US_ASCII));
    }

    @Test
    void aCompressionFailureKeepsTheUncompressedBackupAndIsLogged() throws Exception {
        Path file = dir.resolve("ctr.json");
        opener = (path, options) -> {
            if (path.toString().endsWith(".gz")) {
                throw new FileSystemException(path.toString(), null, "Read-only file system");
            }
            return JsonFileDriver.FILES.open(path, options);
        };
        TestRecord a = recordOfLineSize(100, 'a', 0);
        TestRecord b = recordOfLineSize(100, 'b', 1);
        try (var driver = open(file, "max-size", "100", "max-file", "2", "compress", "true")) {
            driver.write(a);
            driver.write(b);
        }
        assertEquals(List.of("ctr.json", "ctr.json.1"), names(dir));
        assertEquals(lineOf(a), read(dir.resolve("ctr.json.1")));
        assertEquals(List.of("ERROR json-file: error compressing log file " + dir.resolve("ctr.json.1")
                + " after rotation (it is kept uncompressed): Read-only file system"), context.messages());
    }

    @Test
    void maxFileOneStartsANewFileAndKeepsNoBackupWhileReadersKeepTheOldOne() throws Exception {
        Path file = dir.resolve("ctr.json");
        TestRecord a = recordOfLineSize(100, 'a', 0);
        TestRecord b = recordOfLineSize(100, 'b', 1);
        TestRecord c = recordOfLineSize(100, 'c', 2);
        try (var driver = open(file, "max-size", "150")) {
            driver.write(a);
            driver.write(b); // 100 < 150: still this file
            driver.flush();
            try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
                driver.write(c); // 200 >= 150: a new file
                driver.flush();
                ByteBuffer old = ByteBuffer.allocate(1000);
                reader.read(old, 0);
                assertEquals(lineOf(a) + lineOf(b), new String(old.array(), 0, old.position(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("ctr.json"), names(dir));
        assertEquals(lineOf(c), read(file));
    }

    @Test
    void anExistingFileCountsTowardsMaxSize() throws Exception {
        Path file = dir.resolve("ctr.json");
        String old = lineOf(recordOfLineSize(150, 'o', 0));
        Files.writeString(file, old);
        TestRecord a = recordOfLineSize(100, 'a', 1);
        TestRecord b = recordOfLineSize(100, 'b', 2);
        try (var driver = open(file, "max-size", "200", "max-file", "2")) {
            driver.write(a);
            driver.write(b);
        }
        assertEquals(old + lineOf(a), read(dir.resolve("ctr.json.1")));
        assertEquals(lineOf(b), read(file));
    }

    @Test
    void aLineLongerThanTheBufferIsWrittenWholeInOrder() throws Exception {
        Path file = dir.resolve("ctr.json");
        TestRecord big = TestRecord.line(T0, "<".repeat(JsonFileDriver.BUFFER_SIZE / 4));
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "before"));
            assertEquals(WriteResult.ACCEPTED, driver.write(big));
            driver.write(TestRecord.line(T0, "after"));
        }
        assertEquals(lineOf(TestRecord.line(T0, "before")) + lineOf(big) + lineOf(TestRecord.line(T0, "after")), read(file));
    }

    @Test
    void reopenAfterAnExternalRenameWritesToANewFile() throws Exception {
        Path file = dir.resolve("ctr.json");
        Path renamed = dir.resolve("ctr.json.old");
        TestRecord a = TestRecord.line(T0, "a");
        TestRecord b = TestRecord.line(T0, "b");
        TestRecord c = TestRecord.line(T0, "c");
        try (var driver = open(file)) {
            driver.write(a);
            driver.flush();
            Files.move(file, renamed);
            driver.write(b); // gathered before the reopen: belongs to the old file
            driver.reopen();
            assertEquals("", read(file));
            driver.write(c);
        }
        assertEquals(lineOf(a) + lineOf(b), read(renamed));
        assertEquals(lineOf(c), read(file));
    }

    @Test
    void reopenAppendsToAFileThatIsStillThere() throws Exception {
        Path file = dir.resolve("ctr.json");
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "a"));
            driver.reopen();
            driver.write(TestRecord.line(T0, "b"));
        }
        assertEquals(lineOf(TestRecord.line(T0, "a")) + lineOf(TestRecord.line(T0, "b")), read(file));
    }

    @Test
    void reopenReportsWhyThePathCannotBeOpenedAndKeepsTheCurrentFile() throws Exception {
        Path file = dir.resolve("ctr.json");
        try (var driver = open(file)) {
            Files.delete(file);
            Files.createDirectory(file);
            var e = assertThrows(LogDriverException.class, driver::reopen);
            assertEquals("json-file: cannot reopen log file " + file + ": Is a directory", e.getMessage());
            assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(T0, "still written")));
            assertEquals(WriteResult.ACCEPTED, driver.flush());
        }
    }

    @Test
    void openFailuresNameTheFileAndTheReason() {
        assertEquals("json-file: cannot open log file " + dir.resolve("missing/ctr.json") + ": No such file or directory",
                assertThrows(LogDriverException.class, () -> open(dir.resolve("missing/ctr.json"))).getMessage());
        assertEquals("json-file: cannot open log file " + dir + ": Is a directory",
                assertThrows(LogDriverException.class, () -> open(dir)).getMessage());
    }

    @Test
    void aFullDiskDropsAndCountsRecordsWithoutFailingTheDriver() throws Exception {
        var driver = open(Path.of("/dev/full"));
        TestRecord record = TestRecord.line(T0, "lost");
        assertEquals(WriteResult.ACCEPTED, driver.write(record)); // gathered
        assertEquals(WriteResult.DROPPED, driver.flush());
        assertEquals(1, context.droppedRecords()); // accepted earlier, so the driver counts it
        assertEquals(4, context.droppedBytes());
        // From now on each record is tried on its own; DROPPED records are counted by the host.
        assertEquals(WriteResult.DROPPED, driver.write(record));
        assertEquals(WriteResult.DROPPED, driver.write(record));
        assertEquals(WriteResult.ACCEPTED, driver.flush());
        assertEquals(1, context.droppedRecords());
        driver.close();
        assertEquals(List.of("WARNING json-file: /dev/full: No space left on device;"
                + " dropping records until writing succeeds again"), context.messages());
    }

    @Test
    void aWriteCutShortByAFullDiskLeavesOnlyWholeLinesAndWritingResumesWhenSpaceReturns() throws Exception {
        Path file = dir.resolve("ctr.json");
        List<QuotaChannel> channels = new ArrayList<>();
        opener = (path, options) -> {
            var channel = new QuotaChannel(JsonFileDriver.FILES.open(path, options), 350);
            channels.add(channel);
            return channel;
        };
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(recordOfLineSize(100, (char) ('a' + i), i));
        }
        var err = new TestRecord(LogStream.STDERR, T0, false, "to stderr".getBytes(StandardCharsets.US_ASCII));
        int lostContent = records.get(3).length() + records.get(4).length() + err.length();
        try (var driver = open(file)) {
            for (TestRecord record : records) {
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
            }
            assertEquals(WriteResult.ACCEPTED, driver.write(err));
            // 350 bytes fit: a, b, c and half of d went out; d's half is cut off again.
            assertEquals(WriteResult.DROPPED, driver.flush());
            assertEquals(lineOf(records.get(0)) + lineOf(records.get(1)) + lineOf(records.get(2)), read(file));
            assertEquals(3, context.droppedRecords());
            assertEquals(1, context.droppedRecords(LogStream.STDERR));
            assertEquals(lostContent, context.droppedBytes());
            // Still full: tried alone, cut off again, not taken.
            assertEquals(WriteResult.DROPPED, driver.write(recordOfLineSize(100, 'x', 9)));
            assertEquals(300, Files.size(file));

            channels.getFirst().space = 10_000; // space returns
            TestRecord f = recordOfLineSize(100, 'f', 10);
            TestRecord g = recordOfLineSize(100, 'g', 11);
            assertEquals(WriteResult.ACCEPTED, driver.write(f)); // written at once
            assertEquals(WriteResult.ACCEPTED, driver.write(g)); // gathered again
            assertEquals(WriteResult.ACCEPTED, driver.flush());
            assertEquals(lineOf(records.get(0)) + lineOf(records.get(1)) + lineOf(records.get(2)) + lineOf(f) + lineOf(g),
                    read(file));
        }
        assertEquals(3, context.droppedRecords());
        assertEquals(List.of(
                "WARNING json-file: " + file + ": No space left on device; dropping records until writing succeeds again",
                "INFO json-file: writing to " + file + " again"), context.messages());
    }

    @Test
    void anyOtherWriteErrorIsLoggedOnceCountsWhatWasGatheredAndFailsTheDriver() throws Exception {
        Path file = dir.resolve("ctr.json");
        List<QuotaChannel> channels = new ArrayList<>();
        opener = (path, options) -> {
            var channel = new QuotaChannel(JsonFileDriver.FILES.open(path, options), Long.MAX_VALUE);
            channels.add(channel);
            return channel;
        };
        var driver = open(file);
        driver.write(TestRecord.line(T0, "one"));
        driver.write(TestRecord.line(T0, "two"));
        channels.getFirst().error = "Input/output error";
        assertEquals(WriteResult.FAILED, driver.flush());
        assertEquals(2, context.droppedRecords());
        assertEquals(WriteResult.FAILED, driver.write(TestRecord.line(T0, "three")));
        assertEquals(WriteResult.FAILED, driver.flush());
        assertThrows(LogDriverException.class, driver::reopen);
        driver.close();
        assertEquals(List.of("ERROR json-file: Failed to write to log file " + file + ": Input/output error"),
                context.messages());
    }

    @Test
    void closeWritesOutWhatIsGatheredAndLaterWritesFail() throws Exception {
        Path file = dir.resolve("ctr.json");
        var driver = open(file);
        driver.write(TestRecord.line(T0, "last words"));
        driver.close();
        driver.close();
        assertEquals(lineOf(TestRecord.line(T0, "last words")), read(file));
        assertEquals(WriteResult.FAILED, driver.write(TestRecord.line(T0, "too late")));
        assertEquals(WriteResult.FAILED, driver.flush());
    }

    @Test
    void manyRotationsWithCompressionKeepEveryRemainingLineExactlyOnce() throws Exception {
        Path file = dir.resolve("ctr.json");
        List<String> written = new ArrayList<>();
        try (var driver = open(file, "max-size", "2k", "max-file", "5", "compress", "1")) {
            for (int i = 0; i < 2_000; i++) {
                TestRecord record = recordOfLineSize(100 + i % 50, (char) ('a' + i % 26), i);
                written.add(lineOf(record));
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
                if (i % 5 == 0) {
                    assertEquals(WriteResult.ACCEPTED, driver.flush());
                }
            }
        }
        assertEquals(List.of("ctr.json", "ctr.json.1.gz", "ctr.json.2.gz", "ctr.json.3.gz", "ctr.json.4.gz"), names(dir));
        var kept = new ByteArrayOutputStream();
        for (String name : List.of("ctr.json.4.gz", "ctr.json.3.gz", "ctr.json.2.gz", "ctr.json.1.gz")) {
            kept.writeBytes(gunzip(dir.resolve(name)).getBytes(StandardCharsets.UTF_8));
        }
        kept.writeBytes(Files.readAllBytes(file));
        StrictJson.readLines(kept.toByteArray());
        assertTrue(String.join("", written).endsWith(kept.toString(StandardCharsets.UTF_8)));
        assertTrue(context.messages().isEmpty(), context.messages()::toString);
    }
}
