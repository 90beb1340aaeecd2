package io.jconmon.driver.jsonfile;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit applied to json-file, reading the lines back with the strict JSON reader. The
 * format is UTF-8 text (Moby writes each invalid byte as U+FFFD), and a complete record is one whose
 * {@code log} ends with a newline.
 */
class JsonFileConformanceTest extends LogDriverConformanceTest {

    @Override
    protected LogDriverFactory factory() {
        return new JsonFileDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("ctr.json").toString());
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim().textOnly();
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        Path file = Path.of(setup.options().get("path"));
        return Files.exists(file) ? records(Files.readAllBytes(file)) : new ArrayList<>();
    }

    /** The records in the bytes of one log file. */
    static List<DeliveredRecord> records(byte[] file) {
        List<DeliveredRecord> records = new ArrayList<>();
        for (StrictJson.Line line : StrictJson.readLines(file)) {
            // An empty partial record has no log field at all (Moby's omitempty).
            String log = line.log() == null ? "" : line.log();
            boolean partial = !log.endsWith("\n");
            String content = partial ? log : log.substring(0, log.length() - 1);
            LogStream stream = switch (line.stream()) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new AssertionError("unknown stream " + line.stream());
            };
            long nanos = line.time().getEpochSecond() * 1_000_000_000L + line.time().getNano();
            records.add(new DeliveredRecord(stream, content.getBytes(StandardCharsets.UTF_8), partial, nanos));
        }
        return records;
    }
}
