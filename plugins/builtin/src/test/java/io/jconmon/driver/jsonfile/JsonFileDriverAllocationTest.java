package io.jconmon.driver.jsonfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileDriverAllocationTest {

    private static final int RECORDS = 100_000;
    private static final long BOUND = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void writingAndFlushingRecordsAllocatesNothingAfterWarmUp() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled());
        Path file = dir.resolve("ctr.json");
        // Escapes of every kind: quotes, a tab, HTML characters, a separator, é, an invalid byte.
        byte[] line = "a typical \"line\" of\tcontainer output <b>&</b> \u2028 café, some eighty bytes long"
                .getBytes(StandardCharsets.UTF_8);
        byte[] withInvalid = java.util.Arrays.copyOf(line, line.length + 1);
        withInvalid[line.length] = (byte) 0xff;
        var out = new TestRecord(LogStream.STDOUT, 0, false, line);
        var err = new TestRecord(LogStream.STDERR, 0, true, withInvalid);
        long start = 1_780_000_000_000_000_000L;
        var container = new TestContainer(Map.of("app", "shop"));
        var options = JsonFileOptions.parse(Map.of("path", file.toString(), "labels", "app", "tag", "{{.Name}}"));

        long second = start + RECORDS * 1_000_000L;
        try (var driver = JsonFileDriver.open(options, container, new RecordingContext(), JsonFileDriver.FILES)) {
            writeBatch(driver, out, err, start, RECORDS); // warm-up
            long before = threads.getCurrentThreadAllocatedBytes();
            // 1 ms apart: the second changes every thousand records, so the cache is recomputed too.
            writeBatch(driver, out, err, second, RECORDS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < BOUND, () -> allocated + " bytes allocated for " + RECORDS + " records");
        }
        assertEquals(linesOf(out, err, start, RECORDS) + linesOf(out, err, second, RECORDS), Files.size(file));
    }

    private static void writeBatch(JsonFileDriver driver, TestRecord out, TestRecord err, long from, int count) {
        for (int i = 0; i < count; i++) {
            TestRecord record = pick(out, err, from, i);
            assertResult(driver.write(record.rewind()));
            if (i % 64 == 63) {
                assertResult(driver.flush());
            }
        }
        assertResult(driver.flush());
    }

    /** The bytes {@link #writeBatch} writes (the encoder is the oracle; its bytes are pinned elsewhere). */
    private static long linesOf(TestRecord out, TestRecord err, long from, int count) {
        var encoder = new JsonLogEncoder(JsonLogEncoder.attrsJson(Map.of("app", "shop", "tag", "web")));
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += encoder.encode(pick(out, err, from, i).rewind());
        }
        return bytes;
    }

    /** Every third record a partial stderr one; timestamps 1 ms apart with varying trailing digits. */
    private static TestRecord pick(TestRecord out, TestRecord err, long from, int i) {
        TestRecord record = i % 3 == 0 ? err : out;
        record.timestampNanos(from + i * 1_000_000L + i % 10);
        return record;
    }

    private static void assertResult(WriteResult result) {
        if (result != WriteResult.ACCEPTED) {
            throw new AssertionError(result.toString());
        }
    }
}
