package io.jconmon.driver.jsonfile;

import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The conformance kit applied to json-file rotating into small, gzipped files with enough backups
 * to keep everything, read back from the oldest backup to the current file: no record may be lost
 * or torn at a rotation or by the background compression.
 */
class JsonFileRotatingConformanceTest extends JsonFileConformanceTest {
    private static final int MAX_FILE = 250;

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("ctr.json").toString(), "max-size", "32k",
                "max-file", Integer.toString(MAX_FILE), "compress", "true");
    }

    @Override
    protected int recordsForMemoryCheck() {
        return 1000; // 5 MiB in 8 records a file: about 160 rotations, every backup kept
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        String path = setup.options().get("path");
        List<DeliveredRecord> records = new ArrayList<>();
        for (int i = MAX_FILE - 1; i >= 1; i--) {
            Path gzipped = Path.of(path + "." + i + ".gz");
            Path plain = Path.of(path + "." + i);
            if (Files.exists(gzipped)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
                    records.addAll(records(in.readAllBytes()));
                }
            } else if (Files.exists(plain)) {
                records.addAll(records(Files.readAllBytes(plain)));
            }
        }
        Path current = Path.of(path);
        if (Files.exists(current)) {
            records.addAll(records(Files.readAllBytes(current)));
        }
        return records;
    }
}
