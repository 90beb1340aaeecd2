package io.jconmon.driver.k8sfile;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit applied to k8s-file, reading the CRI lines back from the file. Without
 * rotation a reopen replaces the file (conmon-interface.md §5.2.7), so earlier output is gone.
 */
class K8sFileConformanceTest extends LogDriverConformanceTest {

    @Override
    protected LogDriverFactory factory() {
        return new K8sFileDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("ctr.log").toString());
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim().withReopen(DriverCapabilities.Reopen.STARTS_AFRESH);
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        return records(Path.of(setup.options().get("path")));
    }

    /** The records in one log file; none when it does not exist. */
    static List<DeliveredRecord> records(Path file) throws IOException {
        List<DeliveredRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                throw new AssertionError("the file ends in the middle of a line: " + file);
            }
            records.add(parse(Arrays.copyOfRange(bytes, start, end)));
            start = end + 1;
        }
        return records;
    }

    /** {@code <timestamp> <stream> <F|P> <content>} (§5.2.2). */
    private static DeliveredRecord parse(byte[] line) {
        int length = K8sTimestampFormatter.LENGTH;
        String header = new String(line, 0, Math.min(line.length, length + 10), StandardCharsets.US_ASCII);
        if (!header.matches(".{35} std(out|err) [FP] ")) {
            throw new AssertionError("not a CRI log line: " + header);
        }
        OffsetDateTime time = OffsetDateTime.parse(header.substring(0, length));
        long nanos = time.toEpochSecond() * 1_000_000_000L + time.getNano();
        LogStream stream = header.startsWith("stdout", length + 1) ? LogStream.STDOUT : LogStream.STDERR;
        boolean partial = header.charAt(length + 8) == 'P';
        return new DeliveredRecord(stream, Arrays.copyOfRange(line, length + 10, line.length), partial, nanos);
    }
}
