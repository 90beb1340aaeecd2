package io.jconmon.driver.k8sfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileRotationTest {

    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final String TS = "1970-01-01T00:00:00.000000000+00:00";

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

    /** A stdout record whose CRI line is exactly 100 bytes; its content starts with the number. */
    private static TestRecord numbered(int n, boolean partial) {
        String text = String.format("%05d", n);
        text += "x".repeat(100 - K8sFileDriver.HEADER_LENGTH - 1 - text.length());
        return new TestRecord(LogStream.STDOUT, 0, partial, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String line(TestRecord record) {
        byte[] bytes = record.bytes();
        return TS + " stdout " + (record.isPartial() ? "P " : "F ") + new String(bytes, StandardCharsets.US_ASCII)
                + "\n";
    }

    private static String read(Path file) throws IOException {
        if (file.toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    @Test
    void rotationKeepsNumberedBackupsAndDropsTheOldest() throws Exception {
        Path file = dir.resolve("ctr.log");
        List<String> written = new ArrayList<>();
        try (var driver = open(file, "max-size", "300", "rotate", "true", "max-files", "3")) {
            for (int n = 0; n < 15; n++) { // 3 records a file: 5 files' worth
                TestRecord record = numbered(n, false);
                assertEquals(WriteResult.ACCEPTED, driver.write(record));
                written.add(line(record));
            }
            driver.flush();
        }
        assertFalse(Files.exists(sibling(file, ".4")));
        // Newest in <path>, then .1, .2, .3: the first file (records 0-2) was dropped.
        String kept = read(sibling(file, ".3")) + read(sibling(file, ".2")) + read(sibling(file, ".1")) + read(file);
        assertEquals(String.join("", written.subList(3, 15)), kept);
        for (String name : List.of("ctr.log", "ctr.log.1", "ctr.log.2", "ctr.log.3")) {
            assertEquals(300, Files.size(dir.resolve(name)), name);
        }
        assertEquals(List.of(), context.messages());
    }

    @Test
    void everyRecordLandsInExactlyOneFileWhenNothingIsDropped() throws Exception {
        Path file = dir.resolve("ctr.log");
        StringBuilder written = new StringBuilder();
        int count = 40;
        try (var driver = open(file, "max-size", "450", "rotate", "true", "max-files", "20")) {
            for (int n = 0; n < count; n++) {
                TestRecord record = numbered(n, n % 3 == 1);
                driver.write(record);
                written.append(line(record));
            }
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 20; i >= 1; i--) {
            Path backup = sibling(file, "." + i);
            if (Files.exists(backup)) {
                kept.append(read(backup));
            }
        }
        kept.append(read(file));
        assertEquals(count, kept.toString().lines().count());
        assertEquals(written.toString(), kept.toString());
    }

    @Test
    void withMaxFilesOneASecondBackupStillAppearsAsWithConmon() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "max-size", "100", "rotate", "true")) {
            for (int n = 0; n < 5; n++) {
                driver.write(numbered(n, false));
            }
        }
        assertEquals(line(numbered(2, false)), read(sibling(file, ".2")));
        assertEquals(line(numbered(3, false)), read(sibling(file, ".1")));
        assertEquals(line(numbered(4, false)), read(file));
        assertFalse(Files.exists(sibling(file, ".3")));
    }

    @Test
    void aPartialLineIsNeverSplitAcrossARotation() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "max-size", "200", "rotate", "true", "max-files", "5")) {
            driver.write(numbered(0, false));
            driver.write(numbered(1, true)); // file full now, but the line is open
            driver.write(numbered(2, true)); // would have rotated: postponed
            driver.write(numbered(3, false)); // ends the line, still in the old file
            driver.write(numbered(4, false)); // rotation happens before this one
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, true)) + line(numbered(2, true))
                + line(numbered(3, false)), read(sibling(file, ".1")));
        assertEquals(line(numbered(4, false)), read(file));
    }

    @Test
    void compressWritesGzipBackupsWithTheRotatedContent() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "max-size", "200", "rotate", "true", "max-files", "2", "compress", "true")) {
            for (int n = 0; n < 7; n++) {
                driver.write(numbered(n, false));
            }
        }
        assertFalse(Files.exists(sibling(file, ".1")));
        assertFalse(Files.exists(sibling(file, ".2")));
        assertEquals(line(numbered(2, false)) + line(numbered(3, false)), read(sibling(file, ".2.gz")));
        assertEquals(line(numbered(4, false)) + line(numbered(5, false)), read(sibling(file, ".1.gz")));
        assertEquals(line(numbered(6, false)), read(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sibling(file, ".1.gz"))));
    }

    @Test
    void aSymlinkedLogFileIsNotRotatedTheFailureIsLoggedOnceAndTheOldFileStaysInUse() throws Exception {
        Path target = dir.resolve("real.log");
        Path file = dir.resolve("ctr.log");
        Files.createSymbolicLink(file, target);
        try (var driver = open(file, "max-size", "100", "rotate", "true")) {
            for (int n = 0; n < 3; n++) {
                assertEquals(WriteResult.ACCEPTED, driver.write(numbered(n, false)));
            }
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, false)) + line(numbered(2, false)), read(target));
        assertFalse(Files.exists(sibling(file, ".1")));
        assertEquals(1, context.messages().size(), context.messages().toString());
        assertTrue(context.messages().get(0).contains("is a symbolic link"), context.messages().get(0));
        assertTrue(context.messages().get(0).startsWith("WARNING k8s-file: Failed to rotate log file " + file));
    }

    @Test
    void aPathWithDotDotIsNotRotatedAndTheOldFileStaysInUse() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Path file = Path.of(dir + "/sub/../ctr.log");
        try (var driver = open(file, "max-size", "100", "rotate", "true")) {
            driver.write(numbered(0, false));
            driver.write(numbered(1, false));
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, false)), read(dir.resolve("ctr.log")));
        assertEquals(1, context.messages().size());
        assertTrue(context.messages().get(0).contains("contains \"..\""), context.messages().get(0));
    }

    @Test
    void aFailedRotationIsRetriedOnTheNextRecordAndReportedAgainOnlyAfterASuccess() throws Exception {
        Path file = dir.resolve("ctr.log");
        Path blocker = sibling(file, ".new");
        try (var driver = open(file, "max-size", "100", "rotate", "true")) {
            driver.write(numbered(0, false));
            // <path>.new cannot be replaced while it is a non-empty directory.
            Files.createDirectories(blocker.resolve("x"));
            driver.write(numbered(1, false));
            driver.write(numbered(2, false));
            assertEquals(1, context.messages().size());
            Files.delete(blocker.resolve("x"));
            Files.delete(blocker);
            driver.write(numbered(3, false));
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, false)) + line(numbered(2, false)),
                read(sibling(file, ".1")));
        assertEquals(line(numbered(3, false)), read(file));
    }

    @Test
    void aFileToBeCreatedOutsideTheAllowlistIsNotRotated() throws Exception {
        Path allowed = Files.createDirectory(dir.resolve("allowed"));
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "rotate", "true", "allowlist-dir", allowed.toString())) {
            driver.write(numbered(0, false));
            driver.flush();
            Files.delete(file); // so the next rotation would have to create it
            var e = assertThrows(LogDriverException.class, driver::reopen);
            assertTrue(e.getMessage().contains("not inside an allowed directory"), e.getMessage());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void reopenRotatesTheFileWhenRotateIsSet() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "rotate", "true", "max-files", "4")) {
            driver.write(numbered(0, false));
            driver.reopen();
            driver.write(numbered(1, false));
            driver.reopen();
            driver.write(numbered(2, false));
        }
        assertEquals(line(numbered(0, false)), read(sibling(file, ".2")));
        assertEquals(line(numbered(1, false)), read(sibling(file, ".1")));
        assertEquals(line(numbered(2, false)), read(file));
    }

    @Test
    void reopenAfterAnExternalRenameOpensANewFileAndLeavesBackupsAlone() throws Exception {
        Path file = dir.resolve("ctr.log");
        Path renamed = dir.resolve("ctr.log.20260101");
        try (var driver = open(file, "rotate", "true", "max-size", "1000")) {
            driver.write(numbered(0, false));
            driver.flush();
            Files.move(file, renamed); // kubelet's way
            driver.write(numbered(1, false)); // gathered: goes to the renamed file
            driver.reopen();
            driver.write(numbered(2, false));
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, false)), read(renamed));
        assertEquals(line(numbered(2, false)), read(file));
        assertFalse(Files.exists(sibling(file, ".1")));
        assertEquals(List.of(), context.messages());
    }

    @Test
    void sizeTriggeredRotationAfterAnExternalRenameIsReportedAndTheOpenFileKept() throws Exception {
        Path file = dir.resolve("ctr.log");
        Path renamed = dir.resolve("elsewhere.log");
        try (var driver = open(file, "rotate", "true", "max-size", "100")) {
            driver.write(numbered(0, false));
            driver.flush();
            Files.move(file, renamed);
            assertEquals(WriteResult.ACCEPTED, driver.write(numbered(1, false)));
        }
        assertEquals(line(numbered(0, false)) + line(numbered(1, false)), read(renamed));
        assertEquals(1, context.messages().size());
        assertTrue(context.messages().get(0).contains("no longer exists"), context.messages().get(0));
    }

    @Test
    void rotateWithoutMaxSizeNeverRotatesBySize() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = open(file, "rotate", "true")) {
            for (int n = 0; n < 50; n++) {
                driver.write(numbered(n, false));
            }
        }
        assertEquals(5000, Files.size(file));
        assertFalse(Files.exists(sibling(file, ".1")));
    }
}
