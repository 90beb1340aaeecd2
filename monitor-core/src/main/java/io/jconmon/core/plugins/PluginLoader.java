package io.jconmon.core.plugins;

import io.jconmon.core.plugins.nativeabi.NativeDriverLibrary;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;

/**
 * Loads one plugin folder. Nothing a plugin does while loading (a bad jar, a missing class, a
 * {@link java.util.ServiceConfigurationError}, an exception or error in its code, a hang) escapes:
 * every such failure becomes the {@link LoadedPlugin#failure()} of that plugin alone.
 */
public final class PluginLoader {
    /** How long loading a plugin (static initializers, {@code driverFactories()}) may take. */
    static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

    private PluginLoader() {}

    /**
     * @param folder the plugin folder
     * @param spiLoader the host's loader of {@code io.jconmon.spi}
     */
    public static LoadedPlugin load(PluginFolder folder, ClassLoader spiLoader) {
        if (folder.propertiesError() != null) {
            return LoadedPlugin.failed(folder, folder.propertiesError(), null);
        }
        if (folder.properties() != null && folder.properties().spiMismatch() != null) {
            return LoadedPlugin.failed(folder, folder.properties().spiMismatch(), null);
        }
        if (folder.jars().isEmpty() && folder.nativeLibraries().isEmpty()) {
            return LoadedPlugin.failed(folder, "the folder has no .jar and no .so", null);
        }
        PluginThreads threads;
        List<Named> provided;
        try {
            if (folder.isNative()) {
                threads = new PluginThreads(folder.name(), spiLoader);
                provided = threads.call("load", new Load(folder, null), LOAD_LIMIT);
            } else {
                URL[] urls = checkedJars(folder);
                PluginClassLoader loader = new PluginClassLoader(folder.name(), urls, spiLoader);
                threads = new PluginThreads(folder.name(), loader);
                provided = threads.call("load", new Load(folder, loader), LOAD_LIMIT);
            }
        } catch (BadJar e) {
            return LoadedPlugin.failed(folder, e.getMessage(), null);
        } catch (ExecutionException e) {
            return LoadedPlugin.failed(folder, Failures.describe(e.getCause()), null);
        } catch (TimeoutException e) {
            return LoadedPlugin.failed(folder, "loading did not finish within " + LOAD_LIMIT.toSeconds() + " s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LoadedPlugin.failed(folder, "interrupted while loading", null);
        }
        return select(folder, provided, threads);
    }

    /** A factory and the name it reported, read once on the plugin's thread. */
    private record Named(String name, LogDriverFactory factory) {}

    // A class rather than a lambda: no method-handle spinning on the container's start path.
    private record Load(PluginFolder folder, ClassLoader loader) implements Callable<List<Named>> {
        @Override
        public List<Named> call() throws Exception {
            return loader == null ? nativeFactories(folder) : javaFactories(loader);
        }
    }

    private static List<Named> javaFactories(ClassLoader loader) {
        List<Named> out = new ArrayList<>();
        int plugins = 0;
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class, loader)) {
            plugins++;
            addAll(plugin, out);
        }
        if (plugins == 0) {
            throw new IllegalStateException("its jars provide no " + LogDriverPlugin.class.getName()
                    + " (META-INF/services/" + LogDriverPlugin.class.getName() + ")");
        }
        return out;
    }

    private static List<Named> nativeFactories(PluginFolder folder) throws Exception {
        List<Named> out = new ArrayList<>();
        for (Path so : folder.nativeLibraries()) {
            addAll(NativeDriverLibrary.load(so), out);
        }
        return out;
    }

    private static void addAll(LogDriverPlugin plugin, List<Named> out) {
        Iterable<LogDriverFactory> factories = plugin.driverFactories();
        if (factories == null) {
            throw new IllegalStateException(plugin.getClass().getName() + ".driverFactories() returned null");
        }
        for (LogDriverFactory f : factories) {
            out.add(new Named(f.name(), f));
        }
    }

    // The loader would skip an unreadable jar silently; open each first to report it by name.
    private static URL[] checkedJars(PluginFolder folder) throws BadJar {
        URL[] urls = new URL[folder.jars().size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = folder.jars().get(i);
            try (JarFile ignored = new JarFile(jar.toFile())) {
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new BadJar(jar + ": " + e.getMessage());
            } catch (IOException | SecurityException e) {
                throw new BadJar(jar.getFileName() + " is not a readable jar: " + Failures.describe(e));
            }
        }
        return urls;
    }

    private static final class BadJar extends Exception {
        private static final long serialVersionUID = 1L;

        BadJar(String message) {
            super(message);
        }
    }

    // Names must be usable in "-l NAME:ARG" and "--log-opt NAME.KEY=VALUE"; each may appear once.
    private static LoadedPlugin select(PluginFolder folder, List<Named> provided, PluginThreads threads) {
        if (provided.isEmpty()) {
            return LoadedPlugin.failed(folder, "it provides no driver", threads);
        }
        Map<String, LogDriverFactory> byName = new LinkedHashMap<>();
        for (Named n : provided) {
            String problem = nameProblem(n.name());
            if (problem != null) {
                return LoadedPlugin.failed(folder, "driver name " + problem + " (" + n.factory().getClass().getName()
                        + ")", threads);
            }
            if (byName.putIfAbsent(n.name(), n.factory()) != null) {
                return LoadedPlugin.failed(folder, "it provides driver " + n.name() + " twice", threads);
            }
        }
        List<String> warnings = new ArrayList<>();
        Set<String> listed = folder.properties() == null ? byName.keySet() : folder.properties().drivers();
        Map<String, PluginDriverFactory> drivers = new LinkedHashMap<>();
        for (Map.Entry<String, LogDriverFactory> e : byName.entrySet()) {
            if (listed.contains(e.getKey())) {
                drivers.put(e.getKey(), new PluginDriverFactory(e.getValue(), e.getKey(), folder.dir(), threads));
            } else {
                warnings.add("it provides driver " + e.getKey() + ", which " + PluginProperties.FILE_NAME
                        + " does not list: it cannot be selected");
            }
        }
        for (String name : listed) {
            if (!byName.containsKey(name)) {
                warnings.add(PluginProperties.FILE_NAME + " lists driver " + name + ", which the plugin does not provide");
            }
        }
        return new LoadedPlugin(folder, Map.copyOf(drivers), List.copyOf(warnings), null, threads);
    }

    private static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c == '.' || c == '=' || c == ',' || Character.isWhitespace(c)) {
                return "'" + name + "' contains '" + c + "'";
            }
        }
        return null;
    }
}
