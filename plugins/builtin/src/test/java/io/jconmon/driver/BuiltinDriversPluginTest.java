package io.jconmon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        try (var driver = factoryNamed("k8s-file").open(new Container(), Map.of("path", file.toString()), new Context())) {
            assertEquals(WriteResult.ACCEPTED, driver.write(new Line("hi")));
            assertEquals(WriteResult.ACCEPTED, driver.flush());
        }
        String text = Files.readString(file);
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d stdout F hi\n"), text);
    }

    private record Line(String text) implements LogRecord {
        @Override
        public LogStream stream() {
            return LogStream.STDOUT;
        }

        @Override
        public long timestampNanos() {
            return 1_780_000_000_123_456_789L;
        }

        @Override
        public boolean isPartial() {
            return false;
        }

        @Override
        public ByteBuffer content() {
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int length() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static final class Container implements ContainerInfo {
        @Override
        public String id() {
            return "0123456789abcdef0123456789abcdef";
        }

        @Override
        public Optional<String> uuid() {
            return Optional.empty();
        }

        @Override
        public Optional<String> name() {
            return Optional.empty();
        }

        @Override
        public Optional<String> tag() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> labels() {
            return Map.of();
        }

        @Override
        public Optional<Path> bundle() {
            return Optional.empty();
        }

        @Override
        public boolean isExec() {
            return false;
        }

        @Override
        public boolean isTerminal() {
            return false;
        }
    }

    private static final class Context implements DriverContext {
        @Override
        public System.Logger logger() {
            return System.getLogger("test");
        }

        @Override
        public InstantSource clock() {
            return InstantSource.system();
        }

        @Override
        public void countDropped(LogStream stream, long records, long bytes) {}
    }
}
