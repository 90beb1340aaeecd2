package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.ContainerInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a test says the monitor knows about its container. */
record TestContainer(String id, Optional<String> uuid, Optional<String> name, Optional<String> tag,
                     Map<String, String> labels, Optional<Path> bundle, boolean isExec, boolean isTerminal)
        implements ContainerInfo {

    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** A container with only an id, as a minimal command line gives. */
    static TestContainer minimal() {
        return new TestContainer(ID, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), false, false);
    }
}
