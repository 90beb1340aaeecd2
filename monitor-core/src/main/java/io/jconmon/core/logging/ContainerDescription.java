package io.jconmon.core.logging;

import io.jconmon.core.config.MonitorConfig;
import io.jconmon.spi.ContainerInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link ContainerInfo} every driver of this monitor shares, computed once from the config. */
public record ContainerDescription(
        String id, Optional<String> uuid, Optional<String> name, Optional<String> tag,
        Map<String, String> labels, Optional<Path> bundle, boolean isExec, boolean isTerminal)
        implements ContainerInfo {

    public static ContainerDescription of(MonitorConfig c) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : c.logLabels()) {
            int eq = label.indexOf('=');
            labels.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return new ContainerDescription(c.cid(), Optional.ofNullable(c.cuuid()), Optional.ofNullable(c.name()),
                Optional.ofNullable(c.logTag()), Collections.unmodifiableMap(labels),
                Optional.ofNullable(c.bundle()), c.exec(), c.terminal());
    }
}
