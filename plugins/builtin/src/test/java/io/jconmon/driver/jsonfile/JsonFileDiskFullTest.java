package io.jconmon.driver.jsonfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-disk path against a real kernel: a 64 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN);
 * elsewhere the test is skipped, and {@link JsonFileDriverTest} covers the same logic with a
 * simulated disk and /dev/full.
 */
class JsonFileDiskFullTest {

    @TempDir
    Path dir;

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Test
    void onAFullTmpfsRecordsAreDroppedAndCountedTheFileKeepsWholeLinesAndWritingResumesWhenSpaceIsFreed()
            throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tmpfs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            Path filler = mount.resolve("filler");
            Files.write(filler, new byte[40 * 1024]);
            Path file = mount.resolve("ctr.json");
            var context = new RecordingContext();
            var options = JsonFileOptions.parse(Map.of("path", file.toString()));
            try (var driver = JsonFileDriver.open(options, new TestContainer(), context, JsonFileDriver.FILES)) {
                String text = "x".repeat(90);
                int written = 0;
                WriteResult flushed = WriteResult.ACCEPTED;
                while (flushed == WriteResult.ACCEPTED && written < 10_000) {
                    for (int i = 0; i < 7; i++) {
                        assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(written++ * 1_000L, text)));
                    }
                    flushed = driver.flush();
                }
                assertEquals(WriteResult.DROPPED, flushed);
                assertTrue(context.droppedRecords() > 0 && context.droppedRecords() <= 7, () -> "" + context.droppedRecords());
                List<StrictJson.Line> kept = StrictJson.readLines(file);
                assertEquals(written - context.droppedRecords(), kept.size());
                assertEquals(WriteResult.DROPPED, driver.write(TestRecord.line(0, text)));
                assertEquals(kept.size(), StrictJson.readLines(file).size());

                Files.delete(filler);
                assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(0, "back")));
                assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(0, "again")));
                assertEquals(WriteResult.ACCEPTED, driver.flush());
                List<StrictJson.Line> all = StrictJson.readLines(file);
                assertEquals(kept.size() + 2, all.size());
                assertEquals("again\n", all.getLast().log());
            }
            assertEquals(List.of(
                    "WARNING json-file: " + file + ": No space left on device; dropping records until writing succeeds again",
                    "INFO json-file: writing to " + file + " again"), context.messages());
            assertTrue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).endsWith("\n"));
        } finally {
            assertEquals(0, run("umount", mount.toString()));
        }
    }
}
