package io.jconmon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.WriteResult;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinDriversPluginTest {

    @TempDir
    Path dir;

    private static LogDriverFactory factoryNamed(String name) {
        List<LogDriverFactory> found = new ArrayList<>();
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class)) {
            for (LogDriverFactory factory : plugin.driverFactories()) {
                if (factory.name().equals(name)) {
                    found.add(factory);
                }
            }
        }
        assertEquals(1, found.size(), () -> "factories named " + name + ": " + found);
        return found.getFirst();
    }

    @Test
    void serviceLoaderFindsTheK8sFileFactoryWithItsOptions() {
        LogDriverFactory factory = factoryNamed("k8s-file");
        assertEquals(Set.of("path", "max-size", "global-max-size", "sync-on-close", "rotate", "max-files",
                "allowlist-dir", "compress"), factory.optionNames());
    }

    @Test
    void theLoadedFactoryOpensADriverThatWritesCriLines() throws Exception {
        Path file = dir.resolve("ctr.log");
        try (var driver = factoryNamed("k8s-file")
                .open(new TestContainer(), Map.of("path", file.toString()), new RecordingContext())) {
            assertEquals(WriteResult.ACCEPTED, driver.write(TestRecord.line(1_780_000_000_123_456_789L, "hi")));
            assertEquals(WriteResult.ACCEPTED, driver.flush());
        }
        String text = Files.readString(file);
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d stdout F hi\n"), text);
    }
}
