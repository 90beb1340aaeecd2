package io.jconmon.core.plugins;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads every plugin of a plugins directory and says what each provides or why it fails: the
 * logic of {@code jconmon plugins list|check}. Unlike the monitor, which loads only what a
 * container selects, this opens every plugin, so a broken one is found before a container needs it.
 */
public final class PluginReport {
    private final Path dir;
    private final List<String> builtIns;
    private final List<LoadedPlugin> plugins;
    private final String dirProblem;
    private final List<String> conflicts = new ArrayList<>();

    private PluginReport(Path dir, List<String> builtIns, List<LoadedPlugin> plugins, String dirProblem) {
        this.dir = dir;
        this.builtIns = builtIns;
        this.plugins = plugins;
        this.dirProblem = dirProblem;
        findConflicts();
    }

    /**
     * Loads the built-in drivers visible to {@code hostLoader} and every plugin in {@code dir}.
     *
     * @param dir the plugins directory
     * @param hostLoader the monitor's class loader: the built-ins and {@code io.jconmon.spi}
     */
    public static PluginReport check(Path dir, ClassLoader hostLoader) {
        List<String> builtIns = new ArrayList<>();
        for (LogDriverPlugin p : ServiceLoader.load(LogDriverPlugin.class, hostLoader)) {
            for (LogDriverFactory f : p.driverFactories()) {
                builtIns.add(f.name());
            }
        }
        builtIns.sort(null);
        List<LoadedPlugin> loaded = new ArrayList<>();
        String dirProblem = null;
        try {
            for (PluginFolder f : PluginFolder.scanAll(dir)) {
                loaded.add(PluginLoader.load(f, LogDriverPlugin.class.getClassLoader()));
            }
        } catch (IOException e) {
            dirProblem = "the plugins directory cannot be read: " + Failures.describe(e);
        }
        return new PluginReport(dir, List.copyOf(builtIns), List.copyOf(loaded), dirProblem);
    }

    /** The plugins found, in folder order. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** True when the directory is readable, every plugin loads and no driver name is claimed twice. */
    public boolean allOk() {
        return dirProblem == null && conflicts.isEmpty() && plugins.stream().allMatch(LoadedPlugin::ok);
    }

    // A name two plugins provide cannot be selected; a built-in name in a plugin is never used.
    private void findConflicts() {
        Map<String, List<String>> providers = new TreeMap<>();
        for (LoadedPlugin p : plugins) {
            for (String name : p.drivers().keySet()) {
                providers.computeIfAbsent(name, k -> new ArrayList<>()).add(p.folder().dir().toString());
            }
        }
        providers.forEach((name, dirs) -> {
            if (builtIns.contains(name)) {
                conflicts.add("driver " + name + " of " + String.join(", ", dirs) + " is never used: " + name
                        + " is built in");
            } else if (dirs.size() > 1) {
                conflicts.add("driver " + name + " is provided by more than one plugin (" + String.join(", ", dirs)
                        + "): selecting it fails");
            }
        });
    }

    /** {@code jconmon plugins check}: every plugin with its jars, declaration, drivers and options, or its failure. */
    public String renderCheck() {
        StringBuilder sb = new StringBuilder();
        sb.append("plugins directory: ").append(dir).append('\n');
        sb.append("SPI version of this jconmon: ").append(SpiVersion.CURRENT).append('\n');
        sb.append("built-in drivers: ").append(String.join(", ", builtIns)).append('\n');
        if (dirProblem != null) {
            sb.append("FAILED: ").append(dirProblem).append('\n');
        }
        int ok = 0;
        for (LoadedPlugin p : plugins) {
            PluginFolder f = p.folder();
            sb.append('\n').append("plugin ").append(f.dir()).append(": ").append(p.ok() ? "ok" : "FAILED").append('\n');
            if (p.ok()) {
                ok++;
            }
            if (f.isNative()) {
                sb.append("  native libraries: ").append(fileNames(f.nativeLibraries())).append('\n');
            } else if (!f.jars().isEmpty()) {
                sb.append("  jars: ").append(fileNames(f.jars())).append('\n');
            }
            PluginProperties props = f.properties();
            if (props != null) {
                sb.append("  ").append(PluginProperties.FILE_NAME).append(": drivers ")
                        .append(String.join(", ", props.drivers())).append("; spi-version ")
                        .append(props.spiVersion() == 0 ? "not declared" : Integer.toString(props.spiVersion()))
                        .append('\n');
            } else if (f.propertiesError() == null) {
                sb.append("  ").append(PluginProperties.FILE_NAME)
                        .append(": none (the plugin is loaded whenever a driver that is not built in is selected)\n");
            }
            if (!p.ok()) {
                sb.append("  cause: ").append(p.failure()).append('\n');
            }
            for (PluginDriverFactory d : new TreeMap<>(p.drivers()).values()) {
                sb.append("  driver ").append(d.name()).append(": options ").append(options(d)).append('\n');
            }
            for (String w : p.warnings()) {
                sb.append("  warning: ").append(w).append('\n');
            }
        }
        if (!conflicts.isEmpty()) {
            sb.append('\n');
            for (String c : conflicts) {
                sb.append("conflict: ").append(c).append('\n');
            }
        }
        sb.append('\n').append(plugins.size()).append(" plugin(s): ").append(ok).append(" ok, ")
                .append(plugins.size() - ok).append(" failed");
        if (!conflicts.isEmpty()) {
            sb.append(", ").append(conflicts.size()).append(" conflict(s)");
        }
        return sb.append('\n').toString();
    }

    /** {@code jconmon plugins list}: one line per selectable driver and per broken plugin. */
    public String renderList() {
        Map<String, String> rows = new TreeMap<>();
        for (String b : builtIns) {
            rows.put(b, "built-in");
        }
        for (LoadedPlugin p : plugins) {
            for (String name : p.drivers().keySet()) {
                rows.merge(name, p.folder().dir().toString(), (a, b) -> a + ", " + b + " (conflict)");
            }
        }
        int width = "DRIVER".length();
        for (String name : rows.keySet()) {
            width = Math.max(width, name.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("DRIVER", width)).append("  ORIGIN\n");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            sb.append(pad(row.getKey(), width)).append("  ").append(row.getValue()).append('\n');
        }
        if (dirProblem != null) {
            sb.append("FAILED: ").append(dir).append(": ").append(dirProblem).append('\n');
        }
        for (LoadedPlugin p : plugins) {
            if (!p.ok()) {
                sb.append("FAILED: ").append(p.folder().dir()).append(": ").append(p.failure()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String options(LogDriverFactory d) {
        try {
            TreeSet<String> names = new TreeSet<>(d.optionNames());
            return names.isEmpty() ? "(none)" : String.join(", ", names);
        } catch (RuntimeException | LinkageError e) {
            return "(optionNames() failed: " + Failures.describe(e) + ")";
        }
    }

    private static String fileNames(List<Path> files) {
        return String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
