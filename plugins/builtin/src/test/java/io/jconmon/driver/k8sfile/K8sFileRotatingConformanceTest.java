package io.jconmon.driver.k8sfile;

import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit applied to k8s-file with rotation (conmon 2.2's {@code --log-rotate}) into
 * small files and enough backups to keep everything, read back from the oldest backup to the
 * current file: no record may be lost or torn at a rotation, and a reopen rotates, keeping what
 * came before.
 */
class K8sFileRotatingConformanceTest extends K8sFileConformanceTest {
    private static final int MAX_FILES = 250;

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("ctr.log").toString(), "max-size", "32768", "rotate", "true",
                "max-files", Integer.toString(MAX_FILES));
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim();
    }

    @Override
    protected int recordsForMemoryCheck() {
        return 1000; // 5 MiB in 7 records a file: about 180 rotations, every backup kept
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        String path = setup.options().get("path");
        List<DeliveredRecord> records = new ArrayList<>();
        for (int i = MAX_FILES; i >= 1; i--) {
            records.addAll(records(Path.of(path + "." + i)));
        }
        records.addAll(records(Path.of(path)));
        return records;
    }
}
