package io.jconmon.core.plugins;

import java.nio.file.Path;

/**
 * Where plugins.d is: {@code --plugins-dir}, else {@code $JCONMON_PLUGINS_DIR}, else the host
 * config file's {@code plugins-dir}, else {@code <jconmon.home>/plugins.d} (the install image's own folder; the launcher sets
 * {@code jconmon.home}). The first one given wins; an empty value counts as not given.
 */
public final class PluginsDirectory {
    /** The environment variable that names the plugins directory when no flag does. */
    public static final String ENV = "JCONMON_PLUGINS_DIR";
    /** The folder under {@code jconmon.home} used when nothing else names one. */
    public static final String DEFAULT_NAME = "plugins.d";

    private PluginsDirectory() {}

    /**
     * Resolves against this process: its environment and its {@code jconmon.home} property.
     *
     * @param flag {@code --plugins-dir}, or null
     * @param hostConfigDir the host config file's {@code plugins-dir}, or null
     */
    public static Path resolve(String flag, Path hostConfigDir) {
        return resolve(flag, System.getenv(ENV), hostConfigDir, System.getProperty("jconmon.home"));
    }

    /**
     * @param flag {@code --plugins-dir}, or null
     * @param envValue {@code $JCONMON_PLUGINS_DIR}, or null
     * @param hostConfigDir the host config file's {@code plugins-dir}, or null
     * @param jconmonHome the install image's root, or null (outside the image, e.g. in unit tests)
     * @return the directory, or null when there is none: only built-in drivers exist then
     */
    public static Path resolve(String flag, String envValue, Path hostConfigDir, String jconmonHome) {
        if (given(flag)) {
            return Path.of(flag);
        }
        if (given(envValue)) {
            return Path.of(envValue);
        }
        if (hostConfigDir != null) {
            return hostConfigDir;
        }
        if (given(jconmonHome)) {
            return Path.of(jconmonHome, DEFAULT_NAME);
        }
        return null;
    }

    private static boolean given(String value) {
        return value != null && !value.isEmpty();
    }
}
