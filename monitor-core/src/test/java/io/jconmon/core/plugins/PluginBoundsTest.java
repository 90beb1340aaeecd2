package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.logging.DriverRegistry;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the host bounds around a plugin's code: context loader, thread accounting, errors, hangs. */
class PluginBoundsTest {
    @TempDir
    Path tmp;

    @Test
    void openRunsWithThePluginsLoaderInThePluginsThreadGroupAndItsThreadsAreCounted() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec probe = new FixturePlugins.Spec("probe", "probe");
        probe.fields = "public static volatile boolean tcclIsPluginLoader; public static volatile String group;";
        probe.openHook = """
                tcclIsPluginLoader = Thread.currentThread().getContextClassLoader() == Plugin.class.getClassLoader();
                group = Thread.currentThread().getThreadGroup().getName();
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        // stopped by the test
                    }
                }, "probe-flusher");
                t.start();
                """;
        FixturePlugins.install(plugins, "probe", probe);
        PluginDriverFactory f = (PluginDriverFactory) DriverRegistry.load(getClass().getClassLoader())
                .withPluginsDir(plugins).find("probe");
        LogDriver d = f.open(TestHost.CONTAINER, Map.of("path", tmp.resolve("out").toString()), TestHost.CONTEXT);
        Class<?> plugin = f.threads().contextLoader().loadClass("probe.Plugin");
        assertEquals(true, plugin.getField("tcclIsPluginLoader").get(null));
        assertEquals("plugin probe", plugin.getField("group").get(null));
        d.close();
        assertEquals(java.util.List.of("probe-flusher"), f.threads().liveThreadNames(),
                "the thread the driver started and did not stop is counted; the open thread is gone");
        Thread[] left = new Thread[4];
        f.threads().group().enumerate(left);
        left[0].interrupt();
    }

    @Test
    void anErrorThrownByAPluginDriverReachesTheHostAsARuntimeException() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec asserting = new FixturePlugins.Spec("asserting", "asserting");
        asserting.writeHook = "if (n == 2) throw new AssertionError(\"plugin bug\");";
        FixturePlugins.install(plugins, "asserting", asserting);
        LogDriver d = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(plugins).find("asserting")
                .open(TestHost.CONTAINER, Map.of("path", tmp.resolve("out").toString()), TestHost.CONTEXT);
        TestHost.write(d, "one");
        RuntimeException e = assertThrows(RuntimeException.class, () -> TestHost.write(d, "two"));
        assertEquals("log driver asserting threw in write: java.lang.AssertionError: plugin bug", e.getMessage());
        d.close();
    }

    @Test
    void anOpenFailureNamesThePluginAndAnOpenExceptionPassesThrough() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec npe = new FixturePlugins.Spec("npe", "npe");
        npe.openHook = "if (o.containsKey(\"prefix\")) throw new NullPointerException(\"oops\");";
        FixturePlugins.install(plugins, "npe", npe);
        var f = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(plugins).find("npe");
        LogDriverException thrown = assertThrows(LogDriverException.class,
                () -> f.open(TestHost.CONTAINER, Map.of("path", "/x", "prefix", "p"), TestHost.CONTEXT));
        assertEquals("log driver npe (plugin " + plugins.resolve("npe") + ") failed to open: NullPointerException: oops",
                thrown.getMessage());
        LogDriverException own = assertThrows(LogDriverException.class,
                () -> f.open(TestHost.CONTAINER, Map.of("path", "/nonexistent/dir/out"), TestHost.CONTEXT));
        assertTrue(own.getMessage().startsWith("cannot open /nonexistent/dir/out: "), own.getMessage());
    }

    @Test
    void aHungCallIsAbandonedAfterItsLimit() {
        PluginThreads threads = new PluginThreads("hang", getClass().getClassLoader());
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> threads.call("open", () -> {
            Thread.sleep(60_000);
            return null;
        }, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(java.util.List.of("plugin hang: open"), threads.liveThreadNames(), "the hung thread is still counted");
        Thread[] left = new Thread[4];
        threads.group().enumerate(left);
        left[0].interrupt();
    }
}
