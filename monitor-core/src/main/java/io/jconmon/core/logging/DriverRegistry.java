package io.jconmon.core.logging;

import io.jconmon.core.plugins.LoadedPlugin;
import io.jconmon.core.plugins.PluginCatalog;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The log drivers this monitor can open, by name. Built-in drivers sit on the class path and are
 * found through the same {@link ServiceLoader} path a plugin uses: the core never names one. They
 * come first; plugins.d is consulted only for a name that is not built in, and then only the
 * plugins that may provide it are loaded ({@link PluginCatalog}), so a container that uses built-in
 * drivers never reads plugins.d, and a broken plugin it does not select costs nothing.
 */
public final class DriverRegistry {
    private final Map<String, LogDriverFactory> builtIns;
    private final PluginCatalog plugins;
    // The registry for the plugins directory last asked for: the command line asks while it is
    // parsed and the log setup asks again; both must see the same loaded plugins.
    private DriverRegistry withPlugins;

    private DriverRegistry(Map<String, LogDriverFactory> builtIns, PluginCatalog plugins) {
        this.builtIns = builtIns;
        this.plugins = plugins;
    }

    /**
     * Loads every {@link LogDriverPlugin} visible to {@code loader}: the built-in drivers. A
     * duplicate name among them is a packaging error.
     */
    public static DriverRegistry load(ClassLoader loader) {
        Map<String, LogDriverFactory> factories = new TreeMap<>();
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class, loader)) {
            for (LogDriverFactory f : plugin.driverFactories()) {
                LogDriverFactory previous = factories.putIfAbsent(f.name(), f);
                if (previous != null) {
                    throw new IllegalStateException("log driver " + f.name() + " is provided twice ("
                            + previous.getClass().getName() + " and " + plugin.getClass().getName() + ")");
                }
            }
        }
        return new DriverRegistry(factories, null);
    }

    /** A registry whose built-ins are exactly {@code factories} (tests drive the host with their own drivers). */
    static DriverRegistry ofBuiltIns(Iterable<LogDriverFactory> factories) {
        Map<String, LogDriverFactory> map = new TreeMap<>();
        for (LogDriverFactory f : factories) {
            map.put(f.name(), f);
        }
        return new DriverRegistry(map, null);
    }

    /**
     * These built-ins plus the plugins in {@code pluginsDir} (null: none). Asking twice for the same
     * directory returns the same registry, with the plugins it has loaded.
     */
    public DriverRegistry withPluginsDir(Path pluginsDir) {
        if (pluginsDir == null) {
            return plugins == null ? this : new DriverRegistry(builtIns, null);
        }
        if (withPlugins == null || !Objects.equals(withPlugins.plugins.dir(), pluginsDir)) {
            withPlugins = new DriverRegistry(builtIns, new PluginCatalog(pluginsDir, LogDriverPlugin.class.getClassLoader()));
        }
        return withPlugins;
    }

    /** The factory for {@code name}, or null when no usable driver has that name. */
    public LogDriverFactory find(String name) {
        LogDriverFactory builtIn = builtIns.get(name);
        if (builtIn != null || plugins == null) {
            return builtIn;
        }
        return plugins.find(name).factory();
    }

    /** True for the drivers on the class path, which run inline; plugins.d drivers are not built in. */
    public boolean isBuiltIn(String name) {
        return builtIns.containsKey(name);
    }

    /**
     * True when {@code name} can be selected with {@code -l NAME:ARG}: a driver exists or a plugin
     * that (may) provide it is broken, in which case opening it fails with {@link #unavailableMessage}.
     */
    public boolean isInstalled(String name) {
        if (builtIns.containsKey(name)) {
            return true;
        }
        if (plugins == null) {
            return false;
        }
        PluginCatalog.Lookup l = plugins.find(name);
        return l.factory() != null || l.unavailable() != null;
    }

    /** Why {@link #find} returns null for {@code name}, naming the plugin path(s) and cause. */
    public String unavailableMessage(String name) {
        if (plugins != null && !builtIns.containsKey(name)) {
            String why = plugins.find(name).unavailable();
            if (why != null) {
                return why;
            }
        }
        return "No such log driver " + name;
    }

    /** Problems met in plugins.d so far (each names the plugin's path); none if it was never read. */
    public List<String> pluginProblems() {
        return plugins == null ? List.of() : plugins.problems();
    }

    /** The plugins loaded so far. */
    public List<LoadedPlugin> loadedPlugins() {
        return plugins == null ? List.of() : plugins.loadedPlugins();
    }
}
