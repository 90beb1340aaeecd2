package io.jconmon.tools.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedLogFilesTest {

    @TempDir
    Path dir;

    @Test
    void backupsComeOldestFirstThenTheCurrentFileAndWorkFilesAreIgnored() throws Exception {
        for (String name : List.of("ctr.log", "ctr.log.1", "ctr.log.2.gz", "ctr.log.10", "ctr.log.3",
                "ctr.log.tmp", "ctr.log.new", "ctr.log.1.gz.tmp", "ctr.log.01", "ctr.log.x", "ctr.logs.1", "other.log.4")) {
            Files.createFile(dir.resolve(name));
        }
        Path log = dir.resolve("ctr.log");
        assertEquals(List.of("ctr.log.10", "ctr.log.3", "ctr.log.2.gz", "ctr.log.1", "ctr.log"),
                RotatedLogFiles.chronological(log).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void whileABackupIsBeingCompressedThePlainFileIsRead() throws Exception {
        Files.createFile(dir.resolve("ctr.json.1"));
        Files.createFile(dir.resolve("ctr.json.1.gz"));
        Files.createFile(dir.resolve("ctr.json.2.gz"));
        assertEquals(List.of("ctr.json.2.gz", "ctr.json.1"),
                RotatedLogFiles.chronological(dir.resolve("ctr.json")).stream()
                        .map(p -> p.getFileName().toString()).toList());
    }
}
