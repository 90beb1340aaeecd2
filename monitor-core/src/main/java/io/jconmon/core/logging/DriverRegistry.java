package io.jconmon.core.logging;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The log drivers this monitor can open, by name. Built-in drivers sit on the class path and are
 * found through the same {@link ServiceLoader} path a plugin uses: the core never names one.
 */
public final class DriverRegistry {
    private final Map<String, LogDriverFactory> factories = new TreeMap<>();

    /** Loads every {@link LogDriverPlugin} visible to {@code loader}. A duplicate name is an error. */
    public static DriverRegistry load(ClassLoader loader) {
        DriverRegistry registry = new DriverRegistry();
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class, loader)) {
            for (LogDriverFactory f : plugin.driverFactories()) {
                registry.add(f, plugin.getClass().getName());
            }
        }
        return registry;
    }

    void add(LogDriverFactory factory, String origin) {
        LogDriverFactory previous = factories.putIfAbsent(factory.name(), factory);
        if (previous != null) {
            throw new IllegalStateException("log driver " + factory.name() + " is provided twice ("
                    + previous.getClass().getName() + " and " + origin + ")");
        }
    }

    /**
     * True for drivers shipped with jconmon (found on the class path): they run inline on the event
     * loop; every other driver runs on its own delivery thread behind a queue.
     */
    public boolean isBuiltIn(String name) {
        return factories.containsKey(name);
    }

    /** The factory for {@code name}, or null. */
    public LogDriverFactory find(String name) {
        return factories.get(name);
    }

}
