package io.jconmon.driver.fluentd;

import io.jconmon.spi.ContainerInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a test says the monitor knows about its container. */
record TestContainer(String id, Optional<String> name, Map<String, String> labels) implements ContainerInfo {

    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    TestContainer() {
        this(ID, Optional.of("web"), Map.of());
    }

    TestContainer(Map<String, String> labels) {
        this(ID, Optional.of("web"), labels);
    }

    @Override
    public Optional<String> uuid() {
        return Optional.empty();
    }

    @Override
    public Optional<String> tag() {
        return Optional.empty();
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
