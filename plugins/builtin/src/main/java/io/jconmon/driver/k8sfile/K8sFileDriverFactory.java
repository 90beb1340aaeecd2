package io.jconmon.driver.k8sfile;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens {@code k8s-file} drivers: the CRI log format Podman and CRI-O read back
 * (conmon-interface.md §5.2). Options: {@code path} (required), {@code max-size} (conmon's
 * {@code --log-size-max}), {@code global-max-size} ({@code --log-global-size-max}) and
 * {@code sync-on-close} ({@code false} for {@code --no-sync-log}); {@link K8sFileOptions#parse}
 * also takes {@code rotate}, {@code max-files}, {@code allowlist-dir} and {@code compress}
 * (conmon 2.2's log rotation, see {@link K8sFileDriver}), not advertised to the host yet.
 */
public final class K8sFileDriverFactory implements LogDriverFactory {

    /** The driver's name, as in {@code -l k8s-file:PATH}. */
    public static final String NAME = "k8s-file";

    /** Called by the plugin and by tests. */
    public K8sFileDriverFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> optionNames() {
        return K8sFileOptions.NAMES;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        Objects.requireNonNull(context, "context");
        K8sFileOptions parsed = K8sFileOptions.parse(options);
        // conmon-interface.md §5.2.2: local time of the monitor's TZ / /etc/localtime.
        return K8sFileDriver.open(parsed, context, new K8sTimestampFormatter(ZoneId::systemDefault));
    }
}
