package io.jconmon.driver.k8sfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import io.jconmon.driver.ErrnoText;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileDriverTest {

    /** 2026-08-19T11:26:26.123456789+02:00 in Europe/Berlin. */
    private static final long T0 = Instant.parse("2026-08-19T09:26:26.123456789Z").getEpochSecond() * 1_000_000_000L
            + 123_456_789L;
    private static final String TS0 = "2026-08-19T11:26:26.123456789+02:00";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private final RecordingContext context = new RecordingContext();

    private K8sFileDriver open(Path file, String... keyValues) throws LogDriverException {
        Map<String, String> options = new HashMap<>();
        options.put("path", file.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return K8sFileDriver.open(K8sFileOptions.parse(options), context, new K8sTimestampFormatter(ZONE));
    }

    /** A complete stdout line at T0 whose record (header + content + newline) is exactly {@code size} bytes. */
    private static TestRecord recordOfSize(int size, char fill) {
        return TestRecord.line(T0, String.valueOf(fill).repeat(size - K8sFileDriver.HEADER_LENGTH - 1));
    }

    private static String cri(TestRecord record) {
        byte[] bytes = record.bytes();
        return TS0 + " " + record.stream().wireName() + (record.isPartial() ? " P " : " F ")
                + new String(bytes, StandardCharsets.ISO_8859_1) + "\n";
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    @Test
    void recordsAreWrittenInCriFormatWithContentBytesVerbatim() throws Exception {
        Path file = dir.resolve("ctr.log");
        var output = new ByteArrayOutputStream();
        try (var driver = open(file)) {
            List<TestRecord> records = List.of(
                    TestRecord.line(T0, "hello"),
                    new TestRecord(LogStream.STDERR, T0, false, "oops".getBytes(StandardCharsets.US_ASCII)),
                    new TestRecord(LogStream.STDOUT, T0, true, "no newline yet".getBytes(StandardCharsets.US_ASCII)),
                    new TestRecord(LogStream.STDERR, T0, true, new byte[] {'e'}),
                    TestRecord.line(T0, ""),
                    TestRecord.line(T0, "tty line\r"),
                    new TestRecord(LogStream.STDOUT, T0, false, new byte[] {'a', 0, 'b'}),
                    new TestRecord(LogStream.STDOUT, T0, false, new byte[] {(byte) 0xff, (byte) 0xc3, '(', ' '}));
            for (TestRecord record : records) {
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
            }
            assertEquals(WriteResult.ACCEPTED, driver.flush());
        }
        output.writeBytes((TS0 + " stdout F hello\n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stderr F oops\n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stdout P no newline yet\n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stderr P e\n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stdout F \n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stdout F tty line\r\n").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes((TS0 + " stdout F a").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes(new byte[] {0, 'b', '\n'});
        output.writeBytes((TS0 + " stdout F ").getBytes(StandardCharsets.US_ASCII));
        output.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, '(', ' ', '\n'});
        assertArrayEquals(output.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void nothingReachesTheFileBeforeFlushAndEverythingAfter() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "one"));
            assertEquals(0, Files.size(file));
            driver.flush();
            assertEquals(TS0 + " stdout F one\n", read(file));
        }
    }

    @Test
    void recordLargerThanTheBufferIsWrittenWhole() throws Exception {
        Path file = dir.resolve("ctr.log");
        byte[] big = new byte[K8sFileDriver.BUFFER_SIZE + 50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        var bigRecord = new TestRecord(LogStream.STDOUT, T0, true, big);
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "before"));
            assertEquals(WriteResult.ACCEPTED, driver.write(bigRecord));
            driver.write(TestRecord.line(T0, "after"));
            driver.flush();
        }
        assertEquals(cri(TestRecord.line(T0, "before")) + cri(bigRecord) + cri(TestRecord.line(T0, "after")),
                read(file));
    }

    @Test
    void closeWritesOutWhatIsStillGathered() throws Exception {
        Path file = dir.resolve("ctr.log");
        var driver = open(file, "sync-on-close", "false");
        driver.write(TestRecord.line(T0, "last words"));
        driver.close();
        assertEquals(TS0 + " stdout F last words\n", read(file));
        assertEquals(WriteResult.FAILED, driver.write(TestRecord.line(T0, "too late")));
    }

    @Test
    void newFileIsCreatedWithMode0640() throws Exception {
        Path file = dir.resolve("ctr.log");
        open(file).close();
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void existingFileIsAppendedToAndItsSizeCountsTowardsMaxSize() throws Exception {
        Path file = dir.resolve("ctr.log");
        String old = "old content from an earlier run\n";
        Files.writeString(file, old);
        TestRecord first = recordOfSize(50, 'a');
        TestRecord second = recordOfSize(50, 'b');
        try (var driver = open(file, "max-size", String.valueOf(old.length() + 50))) {
            driver.write(first);
            driver.flush();
            assertEquals(old + cri(first), read(file));
            // The file now holds old + 50 bytes = max-size: one more byte would exceed it.
            driver.write(second);
            driver.flush();
            assertEquals(cri(second), read(file));
        }
    }

    @Test
    void maxSizeReplacesTheFileKeepingOnlyTheNewestRecords() throws Exception {
        Path file = dir.resolve("ctr.log");
        TestRecord a = recordOfSize(50, 'a');
        TestRecord b = recordOfSize(50, 'b');
        TestRecord c = recordOfSize(50, 'c');
        TestRecord d = recordOfSize(50, 'd');
        TestRecord huge = recordOfSize(400, 'H');
        TestRecord e = recordOfSize(50, 'e');
        TestRecord f = recordOfSize(50, 'f');
        try (var driver = open(file, "max-size", "150")) {
            driver.write(a);
            driver.flush();
            try (FileChannel oldFile = FileChannel.open(file, StandardOpenOption.READ)) {
                driver.write(b);
                driver.write(c); // exactly 150 bytes: still fits
                driver.write(d); // would make 200: the file is replaced first
                driver.flush();
                assertEquals(cri(d), read(file));
                // What was gathered before the replacement went to the old file, which readers keep.
                ByteBuffer kept = ByteBuffer.allocate(1000);
                oldFile.read(kept, 0);
                assertEquals(cri(a) + cri(b) + cri(c),
                        new String(kept.array(), 0, kept.position(), StandardCharsets.ISO_8859_1));
            }
            assertEquals(WriteResult.ACCEPTED, driver.write(huge)); // larger than max: alone in a new file
            driver.flush();
            assertEquals(cri(huge), read(file));
            driver.write(e); // the file is already over max: replaced again
            driver.write(f);
            driver.flush();
            assertEquals(cri(e) + cri(f), read(file));
        }
        assertFalse(Files.exists(dir.resolve("ctr.log.tmp")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void globalMaxSizeDropsRecordsOnceTheTotalIsReachedCountingTheInitialSize() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.writeString(file, "0123456789");
        TestRecord a = recordOfSize(50, 'a');
        TestRecord b = recordOfSize(50, 'b');
        try (var driver = open(file, "global-max-size", "61")) {
            assertEquals(WriteResult.ACCEPTED, driver.write(a)); // total 10 -> 60
            assertEquals(WriteResult.ACCEPTED, driver.write(b)); // 60 < 61: still taken, total 110
            assertEquals(WriteResult.DROPPED, driver.write(recordOfSize(50, 'c')));
            assertEquals(WriteResult.DROPPED, driver.write(TestRecord.line(T0, "")));
            driver.flush();
        }
        assertEquals("0123456789" + cri(a) + cri(b), read(file));
        assertTrue(context.messages().isEmpty());
    }

    @Test
    void globalTotalIsNotResetWhenMaxSizeReplacesTheFile() throws Exception {
        Path file = dir.resolve("ctr.log");
        TestRecord a = recordOfSize(50, 'a');
        TestRecord b = recordOfSize(50, 'b');
        TestRecord c = recordOfSize(50, 'c');
        TestRecord d = recordOfSize(50, 'd');
        try (var driver = open(file, "max-size", "100", "global-max-size", "160")) {
            assertEquals(WriteResult.ACCEPTED, driver.write(a));
            assertEquals(WriteResult.ACCEPTED, driver.write(b));
            assertEquals(WriteResult.ACCEPTED, driver.write(c)); // new file, total 150
            assertEquals(WriteResult.ACCEPTED, driver.write(d)); // total 200
            assertEquals(WriteResult.DROPPED, driver.write(recordOfSize(50, 'e')));
            driver.flush();
        }
        assertEquals(cri(c) + cri(d), read(file));
    }

    @Test
    void reopenAfterAnExternalRenameStartsANewFileAndTheRenamedOneKeepsEverythingBefore() throws Exception {
        Path file = dir.resolve("ctr.log");
        Path rotated = dir.resolve("ctr.log.1");
        TestRecord a = TestRecord.line(T0, "a");
        TestRecord b = TestRecord.line(T0, "b");
        TestRecord c = TestRecord.line(T0, "c");
        try (var driver = open(file)) {
            driver.write(a);
            driver.flush();
            Files.move(file, rotated);
            driver.write(b); // gathered, not yet written: belongs before the reopen
            driver.reopen();
            assertTrue(Files.exists(file));
            driver.write(c);
            driver.flush();
        }
        assertEquals(cri(a) + cri(b), read(rotated));
        assertEquals(cri(c), read(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void reopenWithoutRenameDiscardsTheContentAsConmonDoes() throws Exception {
        Path file = dir.resolve("ctr.log");
        TestRecord b = TestRecord.line(T0, "b");
        try (var driver = open(file)) {
            driver.write(TestRecord.line(T0, "a"));
            driver.flush();
            driver.reopen();
            assertEquals("", read(file));
            driver.write(b);
            driver.flush();
        }
        assertEquals(cri(b), read(file));
    }

    @Test
    void reopenReportsWhyTheNewFileCouldNotBeCreated() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.createDirectory(dir.resolve("ctr.log.tmp"));
        try (var driver = open(file)) {
            var e = assertThrows(LogDriverException.class, driver::reopen);
            assertEquals("Failed to reopen log file " + file + ": Is a directory", e.getMessage());
            // The current file stays in use.
            driver.write(TestRecord.line(T0, "still here"));
            driver.flush();
        }
        assertEquals(TS0 + " stdout F still here\n", read(file));
    }

    @Test
    void openFailsWithConmonsMessageWhenTheDirectoryIsMissing() {
        var e = assertThrows(LogDriverException.class, () -> open(dir.resolve("missing/ctr.log")));
        assertEquals("Failed to open log file No such file or directory", e.getMessage());
    }

    @Test
    void openFailsWithConmonsMessageWhenThePathIsADirectory() {
        var e = assertThrows(LogDriverException.class, () -> open(dir));
        assertEquals("Failed to open log file Is a directory", e.getMessage());
    }

    @Test
    void ioExceptionsAreNamedByTheirStrerrorText() {
        assertEquals("Permission denied", ErrnoText.of(new AccessDeniedException("/x")));
        assertEquals("No such file or directory", ErrnoText.of(new NoSuchFileException("/x")));
        assertEquals("Read-only file system", ErrnoText.of(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("No space left on device", ErrnoText.of(new IOException("No space left on device")));
    }

    @Test
    void aFullDiskLosesTheBatchCountsItWarnsOnceAndTheDriverGoesOn() throws Exception {
        // conmon §5.2.3: a batch that cannot be written is lost with a warning; the driver stays.
        var driver = open(Path.of("/dev/full"), "sync-on-close", "false"); // /dev/full cannot fsync
        assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(T0, "lost")));
        assertEquals(WriteResult.ACCEPTED, driver.flush());
        assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(T0, "also lost")));
        assertEquals(WriteResult.ACCEPTED, driver.flush());
        driver.close();
        assertEquals(List.of("WARNING k8s-file: Failed to write to log file /dev/full: No space left on device;"
                + " output is dropped and counted until writing works again"), context.messages());
        assertEquals(2, context.droppedRecords());
        assertEquals("lost".length() + "also lost".length(), context.droppedBytes());
    }

    @Test
    void failureToReplaceTheFileAtMaxSizeIsLoggedAndReportedAsFailed() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.createDirectory(dir.resolve("ctr.log.tmp"));
        TestRecord a = recordOfSize(50, 'a');
        try (var driver = open(file, "max-size", "60")) {
            assertEquals(WriteResult.ACCEPTED, driver.write(a));
            assertEquals(WriteResult.FAILED, driver.write(recordOfSize(50, 'b')));
        }
        assertEquals(cri(a), read(file));
        assertEquals(1, context.messages().size());
        assertTrue(context.messages().getFirst().startsWith("ERROR k8s-file: Failed to replace log file " + file),
                context.messages()::toString);
        assertTrue(context.messages().getFirst().endsWith(": Is a directory"), context.messages()::toString);
    }
}
