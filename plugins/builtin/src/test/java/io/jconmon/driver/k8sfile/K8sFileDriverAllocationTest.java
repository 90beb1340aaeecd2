package io.jconmon.driver.k8sfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileDriverAllocationTest {

    private static final int RECORDS = 100_000;
    private static final long BOUND = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void writingAndFlushingRecordsAllocatesNothingAfterWarmUp() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled());
        Path file = dir.resolve("ctr.log");
        byte[] line = "a typical line of container output, some eighty bytes long, give or take"
                .getBytes(StandardCharsets.US_ASCII);
        var out = new TestRecord(LogStream.STDOUT, 0, false, line);
        var err = new TestRecord(LogStream.STDERR, 0, true, line);
        long start = 1_780_000_000_000_000_000L;

        try (var driver = K8sFileDriver.open(K8sFileOptions.parse(Map.of("path", file.toString())),
                new RecordingContext(), new K8sTimestampFormatter(ZoneId.of("Europe/Berlin")))) {
            writeBatch(driver, out, err, start, RECORDS); // warm-up
            long before = threads.getCurrentThreadAllocatedBytes();
            // 1 ms apart: the second changes every thousand records, so the cache is recomputed too.
            writeBatch(driver, out, err, start + RECORDS * 1_000_000L, RECORDS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < BOUND, () -> allocated + " bytes allocated for " + RECORDS + " records");
        }
        long recordSize = K8sFileDriver.HEADER_LENGTH + line.length + 1;
        assertEquals(2L * RECORDS * recordSize, Files.size(file));
    }

    private static void writeBatch(K8sFileDriver driver, TestRecord out, TestRecord err, long from, int count) {
        for (int i = 0; i < count; i++) {
            TestRecord record = i % 3 == 0 ? err : out;
            record.timestampNanos(from + i * 1_000_000L);
            assertResult(driver.write(record.rewind()));
            if (i % 64 == 63) {
                assertResult(driver.flush());
            }
        }
        assertResult(driver.flush());
    }

    private static void assertResult(WriteResult result) {
        if (result != WriteResult.ACCEPTED) {
            throw new AssertionError(result.toString());
        }
    }
}
