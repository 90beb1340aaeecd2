package io.jconmon.tools.logs;

import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import io.jconmon.driver.jsonfile.JsonFileDriverFactory;
import io.jconmon.driver.k8sfile.K8sFileDriverFactory;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A log written by one of the real built-in drivers, opened through the SPI as the monitor opens
 * it: what {@code jconmon logs} is tested against is what the drivers really write.
 */
final class DriverLog implements AutoCloseable {

    final Path path;
    final RecordingContext context = new RecordingContext();
    private final LogDriver driver;

    private DriverLog(LogDriverFactory factory, Path path, String... keyValues) throws LogDriverException {
        this.path = path;
        Map<String, String> options = new HashMap<>();
        options.put("path", path.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        this.driver = factory.open(new Container(), options, context);
    }

    /** k8s-file with driver options ({@code "max-size", "300", "rotate", "true", ...}). */
    static DriverLog k8sFile(Path path, String... options) throws LogDriverException {
        return new DriverLog(new K8sFileDriverFactory(), path, options);
    }

    /** json-file with driver options ({@code "max-size", "300", "max-file", "5", ...}). */
    static DriverLog jsonFile(Path path, String... options) throws LogDriverException {
        return new DriverLog(new JsonFileDriverFactory(), path, options);
    }

    DriverLog line(LogStream stream, long nanos, String text) {
        return write(new TestRecord(stream, nanos, false, text.getBytes(StandardCharsets.UTF_8)));
    }

    DriverLog partial(LogStream stream, long nanos, String text) {
        return write(new TestRecord(stream, nanos, true, text.getBytes(StandardCharsets.UTF_8)));
    }

    DriverLog write(TestRecord record) {
        WriteResult result = driver.write(record);
        if (result != WriteResult.ACCEPTED) {
            throw new AssertionError("driver refused a record: " + result + " " + context.messages());
        }
        return this;
    }

    DriverLog flush() {
        WriteResult result = driver.flush();
        if (result != WriteResult.ACCEPTED) {
            throw new AssertionError("driver flush: " + result + " " + context.messages());
        }
        return this;
    }

    @Override
    public void close() {
        driver.close();
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
            return Optional.of("web");
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
}
