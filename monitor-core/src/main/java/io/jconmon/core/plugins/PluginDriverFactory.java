package io.jconmon.core.plugins;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A driver factory from plugins.d, as the host sees it: {@link #open} runs on a thread of the
 * plugin's group with the plugin's class loader as context loader and a time limit, and the driver
 * it returns is wrapped so that no {@link Error} of the plugin escapes to the host.
 */
public final class PluginDriverFactory implements LogDriverFactory {
    /** How long a plugin driver may take to open before the container fails instead of hanging. */
    static final Duration OPEN_LIMIT = Duration.ofSeconds(10);

    private final LogDriverFactory delegate;
    private final String name;
    private final Path pluginDir;
    private final PluginThreads threads;

    PluginDriverFactory(LogDriverFactory delegate, String name, Path pluginDir, PluginThreads threads) {
        this.delegate = delegate;
        this.name = name;
        this.pluginDir = pluginDir;
        this.threads = threads;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> optionNames() {
        return delegate.optionNames();
    }

    /** The plugin folder the driver comes from. */
    public Path pluginDir() {
        return pluginDir;
    }

    /** The plugin's threads: its group and context class loader. */
    public PluginThreads threads() {
        return threads;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        try {
            LogDriver driver = threads.call("open " + name, new Open(delegate, container, options, context), OPEN_LIMIT);
            if (driver == null) {
                throw new LogDriverException("log driver " + name + " (plugin " + pluginDir + ") opened nothing");
            }
            return new PluginDriver(driver, name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogDriverException cause) {
                throw cause;
            }
            throw new LogDriverException("log driver " + name + " (plugin " + pluginDir + ") failed to open: "
                    + Failures.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new LogDriverException("log driver " + name + " (plugin " + pluginDir + ") did not open within "
                    + OPEN_LIMIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogDriverException("interrupted while opening log driver " + name);
        }
    }

    // A class rather than a lambda: no method-handle spinning on the container's start path.
    private record Open(LogDriverFactory factory, ContainerInfo container, Map<String, String> options,
                        DriverContext context) implements Callable<LogDriver> {
        @Override
        public LogDriver call() throws LogDriverException {
            return factory.open(container, options, context);
        }
    }

    @Override
    public String toString() {
        return name + " from " + pluginDir;
    }
}
