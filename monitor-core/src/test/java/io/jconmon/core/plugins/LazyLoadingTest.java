package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.logging.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up is paid per container: plugins.d is read only for a name that is not built in, and only what may provide it is loaded. */
class LazyLoadingTest {
    @TempDir
    Path tmp;

    private Path pluginsWithABrokenDeclaredPlugin() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "good", new FixturePlugins.Spec("good", "good"));
        PluginJars.properties(plugins.resolve("good"), "drivers=good\nspi-version=1\n");
        Files.createDirectories(plugins.resolve("broken"));
        Files.writeString(plugins.resolve("broken/broken.jar"), "garbage");
        PluginJars.properties(plugins.resolve("broken"), "drivers=broken\n");
        return plugins;
    }

    @Test
    void selectingBuiltInsNeverReadsPluginsDirectory() throws Exception {
        DriverRegistry r = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(pluginsWithABrokenDeclaredPlugin());
        assertNotNull(r.find("k8s-file"));
        assertTrue(r.isInstalled("json-file"));
        assertEquals(List.of(), r.loadedPlugins());
        assertEquals(List.of(), r.pluginProblems());
    }

    @Test
    void anUnselectedBrokenPluginCostsNothingAndReportsNothing() throws Exception {
        Path plugins = pluginsWithABrokenDeclaredPlugin();
        DriverRegistry r = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(plugins);
        assertNotNull(r.find("good"));
        assertEquals(List.of(plugins.resolve("good")), r.loadedPlugins().stream().map(p -> p.folder().dir()).toList(),
                "plugin.properties says which folder provides the name: the broken one is not opened");
        assertEquals(List.of(), r.pluginProblems());

        // Selected, it fails, naming its path and cause.
        assertNull(r.find("broken"));
        assertTrue(r.unavailableMessage("broken").contains(plugins.resolve("broken") + " could not be loaded: broken.jar"),
                r.unavailableMessage("broken"));
    }

    @Test
    void aPluginWithoutPluginPropertiesIsLoadedToLearnItsNames() throws Exception {
        Path plugins = pluginsWithABrokenDeclaredPlugin();
        FixturePlugins.install(plugins, "undeclared", new FixturePlugins.Spec("undeclared", "undeclared"));
        DriverRegistry r = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(plugins);
        assertNotNull(r.find("good"));
        assertEquals(List.of(plugins.resolve("good"), plugins.resolve("undeclared")),
                r.loadedPlugins().stream().map(p -> p.folder().dir()).sorted().toList());
        assertNotNull(r.find("undeclared"));
    }

    @Test
    void aNameNotListedInPluginPropertiesCannotBeSelectedAndCheckSaysWhy() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "two", new FixturePlugins.Spec("two", "listed", "unlisted"));
        PluginJars.properties(plugins.resolve("two"), "drivers=listed\n");
        DriverRegistry r = DriverRegistry.load(getClass().getClassLoader()).withPluginsDir(plugins);
        assertNotNull(r.find("listed"));
        assertNull(r.find("unlisted"));
        assertEquals(List.of("plugin " + plugins.resolve("two") + ": it provides driver unlisted, which plugin.properties"
                + " does not list: it cannot be selected"), r.pluginProblems());
    }
}
