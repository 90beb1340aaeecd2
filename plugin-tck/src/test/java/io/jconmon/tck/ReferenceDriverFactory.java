package io.jconmon.tck;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@link ReferenceDriver}s: option {@code path}, {@code flaw} to break a rule on purpose, and
 * {@code retry-first} to answer RETRY_LATER once per record.
 */
final class ReferenceDriverFactory implements LogDriverFactory {
    private final String name;
    private final Set<String> optionNames;

    ReferenceDriverFactory() {
        this("reference", Set.of("path", "flaw", "retry-first"));
    }

    ReferenceDriverFactory(String name, Set<String> optionNames) {
        this.name = name;
        this.optionNames = optionNames;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> optionNames() {
        return optionNames;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        String path = options.get("path");
        if (path == null) {
            throw new LogDriverException("reference: option path is required");
        }
        Set<ReferenceDriver.Flaw> flaws = EnumSet.noneOf(ReferenceDriver.Flaw.class);
        if (options.containsKey("flaw")) {
            flaws.add(ReferenceDriver.Flaw.valueOf(options.get("flaw")));
        }
        return new ReferenceDriver(Path.of(path), context, flaws, "true".equals(options.get("retry-first")));
    }
}
