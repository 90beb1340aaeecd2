package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.logging.DriverRegistry;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plugins.d folders with real jars: found by driver name, each in its own class loader. */
class PluginDiscoveryTest {
    @TempDir
    Path tmp;

    private DriverRegistry registry(Path pluginsDir) {
        return DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(pluginsDir);
    }

    private static List<String> writeAndRead(LogDriverFactory f, Path out, Map<String, String> options, String... lines)
            throws Exception {
        LogDriver d = f.open(TestHost.CONTAINER, options, TestHost.CONTEXT);
        for (String l : lines) {
            assertEquals(WriteResult.ACCEPTED, TestHost.write(d, l));
        }
        d.close();
        return Files.readAllLines(out);
    }

    @Test
    void aJarPluginIsFoundByItsDriverNameAndWritesThroughTheSpi() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec upper = new FixturePlugins.Spec("upper", "upper");
        upper.transform = "s.toUpperCase()";
        FixturePlugins.install(plugins, "upper", upper);

        DriverRegistry r = registry(plugins);
        LogDriverFactory f = r.find("upper");
        assertInstanceOf(PluginDriverFactory.class, f);
        assertEquals(plugins.resolve("upper"), ((PluginDriverFactory) f).pluginDir());
        assertTrue(r.isInstalled("upper"));
        assertTrue(!r.isBuiltIn("upper"));
        assertTrue(r.isBuiltIn("k8s-file"), "built-ins stay built in");
        assertEquals(java.util.Set.of("path", "prefix"), f.optionNames());

        Path out = tmp.resolve("upper.out");
        assertEquals(List.of("> HELLO", "> WORLD"),
                writeAndRead(f, out, Map.of("path", out.toString(), "prefix", "> "), "hello", "world"));
        assertEquals(List.of(), r.pluginProblems());
    }

    @Test
    void aPluginSeesTheHostsSpiButNeitherTheCoreNorOtherPlugins() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "a", new FixturePlugins.Spec("pa", "drv-a"));
        FixturePlugins.install(plugins, "b", new FixturePlugins.Spec("pb", "drv-b"));
        DriverRegistry r = registry(plugins);
        ClassLoader a = ((PluginDriverFactory) r.find("drv-a")).threads().contextLoader();
        ClassLoader b = ((PluginDriverFactory) r.find("drv-b")).threads().contextLoader();

        assertNotSame(a, b);
        assertSame(LogDriverPlugin.class, a.loadClass(LogDriverPlugin.class.getName()), "the SPI is the host's");
        assertSame(String.class, a.loadClass("java.lang.String"));
        assertThrows(ClassNotFoundException.class, () -> a.loadClass(DriverRegistry.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> a.loadClass("org.junit.jupiter.api.Test"));
        assertThrows(ClassNotFoundException.class, () -> a.loadClass("pb.Plugin"), "plugin b is invisible to a");
        assertSame(a, a.loadClass("pa.Plugin").getClassLoader());
    }

    @Test
    void aPluginsOwnClassWinsOverAHostClassOfTheSameName() throws Exception {
        // The plugin bundles a class named like one of the core's: inside the plugin, its own is used.
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec spec = new FixturePlugins.Spec("own", "own");
        spec.extraSources.put("io.jconmon.core.Diagnostics", """
                package io.jconmon.core;

                public final class Diagnostics {
                    public static String who() {
                        return "plugin's own";
                    }
                }
                """);
        spec.transform = "io.jconmon.core.Diagnostics.who() + \": \" + s";
        FixturePlugins.install(plugins, "own", spec);

        Path out = tmp.resolve("own.out");
        assertEquals(List.of("plugin's own: x"),
                writeAndRead(registry(plugins).find("own"), out, Map.of("path", out.toString()), "x"));
    }

    @Test
    void twoPluginsBundlingConflictingVersionsOfOneLibraryBothWork() throws Exception {
        Path libs = tmp.resolve("libs");
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec one = new FixturePlugins.Spec("one", "shout-one");
        one.transform = "lib.Shout.shout(s)";
        one.libraries = new Path[] {FixturePlugins.shoutLibrary(libs, "v1")};
        FixturePlugins.Spec two = new FixturePlugins.Spec("two", "shout-two");
        two.transform = "lib.Shout.shout(s)";
        two.libraries = new Path[] {FixturePlugins.shoutLibrary(libs, "v2")};
        FixturePlugins.install(plugins, "one", one);
        FixturePlugins.install(plugins, "two", two);

        DriverRegistry r = registry(plugins);
        Path out1 = tmp.resolve("1.out");
        Path out2 = tmp.resolve("2.out");
        assertEquals(List.of("v1:HI"), writeAndRead(r.find("shout-one"), out1, Map.of("path", out1.toString()), "hi"));
        assertEquals(List.of("v2:HI"), writeAndRead(r.find("shout-two"), out2, Map.of("path", out2.toString()), "hi"));
    }

    @Test
    void aPluginWithSeveralDriversOffersEach() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "multi", new FixturePlugins.Spec("multi", "first", "second"));
        DriverRegistry r = registry(plugins);
        assertNotNull(r.find("first"));
        assertNotNull(r.find("second"));
        assertSame(((PluginDriverFactory) r.find("first")).threads(), ((PluginDriverFactory) r.find("second")).threads(),
                "one plugin, one loader and one thread group");
        assertEquals(1, r.loadedPlugins().size());
    }

    @Test
    void anUnknownNameIsNoSuchLogDriverAndAMissingDirectoryHasNoPlugins() {
        DriverRegistry r = registry(tmp.resolve("absent"));
        assertEquals(null, r.find("nope"));
        assertTrue(!r.isInstalled("nope"));
        assertEquals("No such log driver nope", r.unavailableMessage("nope"));
        assertEquals(List.of(), r.pluginProblems());
    }

    @Test
    void askingForTheSameDirectoryTwiceKeepsTheLoadedPlugins() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "upper", new FixturePlugins.Spec("upper", "upper"));
        DriverRegistry builtIns = DriverRegistry.load(getClass().getClassLoader());
        DriverRegistry first = builtIns.withPluginsDir(plugins);
        LogDriverFactory f = first.find("upper");
        assertSame(first, builtIns.withPluginsDir(Path.of(plugins.toString())));
        assertSame(f, builtIns.withPluginsDir(plugins).find("upper"));
    }
}
