package io.jconmon.core.plugins;

import io.jconmon.spi.LogDriverFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drivers of one plugins.d directory, found lazily: nothing is read until a driver name is
 * asked for, and then only the plugins that may provide it are loaded: the ones whose
 * {@code plugin.properties} lists the name, and the ones without a {@code plugin.properties}
 * (they must be loaded to learn their names). Each plugin is loaded at most once.
 *
 * <p>A plugin that fails to load is remembered with its cause; it makes unavailable only the names
 * it might have provided, and is reported in {@link #problems()}.
 */
public final class PluginCatalog {
    private final Path dir;
    private final ClassLoader spiLoader;
    private List<PluginFolder> folders;
    private final Map<Path, LoadedPlugin> loaded = new HashMap<>();
    private final Map<String, Lookup> lookups = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param dir the plugins directory (it may not exist: then there are no plugins)
     * @param spiLoader the host's loader of {@code io.jconmon.spi}
     */
    public PluginCatalog(Path dir, ClassLoader spiLoader) {
        this.dir = dir;
        this.spiLoader = spiLoader;
    }

    /** The directory this catalog reads. */
    public Path dir() {
        return dir;
    }

    /**
     * What is known about driver {@code name}: exactly one of {@link Lookup#factory()} (found) and
     * {@link Lookup#unavailable()} (why it cannot be used) is set, or neither (no plugin offers it).
     *
     * @param factory the driver's factory
     * @param unavailable why the name cannot be used, naming the plugin path(s) and cause
     */
    public record Lookup(LogDriverFactory factory, String unavailable) {
        static final Lookup UNKNOWN = new Lookup(null, null);
    }

    /** Looks {@code name} up, loading only the plugins that may provide it. */
    public Lookup find(String name) {
        Lookup known = lookups.get(name);
        if (known == null) {
            known = search(name);
            lookups.put(name, known);
        }
        return known;
    }

    /** Problems met so far (plugins that failed to load, ...), one line each, naming the plugin's path. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The plugins loaded so far (for reports on their threads at exit). */
    public List<LoadedPlugin> loadedPlugins() {
        return List.copyOf(loaded.values());
    }

    private Lookup search(String name) {
        List<PluginFolder> all = folders();
        List<LoadedPlugin> providers = new ArrayList<>();
        List<String> causes = new ArrayList<>(); // plugins that list the name but cannot provide it
        List<String> maybe = new ArrayList<>(); // broken plugins without a list: they might provide it
        for (PluginFolder f : all) {
            boolean listsIt = f.declaresDrivers() && f.properties().drivers().contains(name);
            if (!listsIt && f.declaresDrivers()) {
                continue; // its plugin.properties says it does not provide this name: not opened
            }
            LoadedPlugin p = load(f);
            if (!p.ok()) {
                (listsIt ? causes : maybe).add(p.failureReport());
            } else if (p.drivers().containsKey(name)) {
                providers.add(p);
            } else if (listsIt) {
                causes.add("plugin " + f.dir() + " lists " + name + " in " + PluginProperties.FILE_NAME
                        + " but does not provide it");
            }
        }
        if (providers.size() == 1) {
            return new Lookup(providers.getFirst().drivers().get(name), null);
        }
        if (providers.size() > 1) {
            List<String> paths = providers.stream().map(p -> p.folder().dir().toString()).toList();
            return new Lookup(null, "log driver " + name + " is provided by more than one plugin: "
                    + String.join(", ", paths));
        }
        if (!causes.isEmpty()) {
            return new Lookup(null, "log driver " + name + " is not available: " + String.join("; ", causes));
        }
        if (!maybe.isEmpty()) {
            return new Lookup(null, "No such log driver " + name + " (a plugin that could not be loaded may provide it: "
                    + String.join("; ", maybe) + ")");
        }
        return Lookup.UNKNOWN;
    }

    private LoadedPlugin load(PluginFolder f) {
        LoadedPlugin p = loaded.get(f.dir());
        if (p == null) {
            p = PluginLoader.load(f, spiLoader);
            loaded.put(f.dir(), p);
            if (!p.ok()) {
                problems.add(p.failureReport());
            }
            for (String w : p.warnings()) {
                problems.add("plugin " + f.dir() + ": " + w);
            }
        }
        return p;
    }

    private List<PluginFolder> folders() {
        if (folders == null) {
            try {
                folders = PluginFolder.scanAll(dir);
            } catch (IOException | RuntimeException e) {
                folders = List.of();
                problems.add("plugins directory " + dir + " cannot be read: " + Failures.describe(e));
            }
        }
        return folders;
    }
}
