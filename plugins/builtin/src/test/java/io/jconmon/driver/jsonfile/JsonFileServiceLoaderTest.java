package io.jconmon.driver.jsonfile;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.WriteResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileServiceLoaderTest {

    @TempDir
    Path dir;

    private static LogDriverFactory jsonFile() {
        List<LogDriverFactory> found = new ArrayList<>();
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class)) {
            for (LogDriverFactory factory : plugin.driverFactories()) {
                if (factory.name().equals("json-file")) {
                    found.add(factory);
                }
            }
        }
        assertEquals(1, found.size(), () -> "factories named json-file: " + found);
        return found.getFirst();
    }

    @Test
    void serviceLoaderFindsTheJsonFileFactoryWithItsOptions() {
        assertEquals(Set.of("path", "max-size", "max-file", "compress", "labels", "tag", "env"),
                jsonFile().optionNames());
    }

    @Test
    void theLoadedFactoryOpensADriverThatWritesDockerJsonLines() throws Exception {
        Path file = dir.resolve("ctr.json");
        try (var driver = jsonFile().open(new TestContainer(Map.of("app", "shop")),
                Map.of("path", file.toString(), "labels", "app", "tag", "{{.ID}}"), new RecordingContext())) {
            assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(1_780_000_000_123_450_000L, "hi")));
            assertEquals(WriteResult.ACCEPTED, driver.flush());
        }
        assertEquals("{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"attrs\":{\"app\":\"shop\",\"tag\":\"0123456789ab\"},"
                + "\"time\":\"2026-05-28T20:26:40.12345Z\"}\n", java.nio.file.Files.readString(file));
    }
}
