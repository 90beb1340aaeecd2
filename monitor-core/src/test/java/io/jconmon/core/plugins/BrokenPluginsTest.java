package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.logging.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a plugin can be broken, in one plugins directory next to a good plugin: each is
 * reported with its path and cause, only selecting it fails, and the good plugin keeps working.
 */
class BrokenPluginsTest {
    @TempDir
    static Path tmp;
    private static Path plugins;

    @BeforeEach
    void installOnce() throws Exception {
        if (plugins != null) {
            return;
        }
        plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "good", new FixturePlugins.Spec("good", "good"));

        Files.createDirectories(plugins.resolve("corrupt"));
        Files.writeString(plugins.resolve("corrupt/corrupt.jar"), "this is not a zip file");
        PluginJars.properties(plugins.resolve("corrupt"), "drivers=corrupt\n");

        PluginJars.servicesOnly(plugins.resolve("missing-class/missing.jar"), "gone.Plugin");
        PluginJars.properties(plugins.resolve("missing-class"), "drivers=missing\n");

        FixturePlugins.Spec throwing = new FixturePlugins.Spec("throwing", "throwing");
        throwing.factoriesHook = "if (true) throw new IllegalStateException(\"no factories today\");";
        FixturePlugins.install(plugins, "throwing", throwing);
        PluginJars.properties(plugins.resolve("throwing"), "drivers=throwing\n");

        FixturePlugins.Spec badInit = new FixturePlugins.Spec("badinit", "badinit");
        badInit.staticHook = "if (true) throw new RuntimeException(\"static init failed\");";
        FixturePlugins.install(plugins, "badinit", badInit);
        PluginJars.properties(plugins.resolve("badinit"), "drivers=badinit\n");

        // Two plugins provide "dup"; each also has a name of its own, which stays usable.
        FixturePlugins.install(plugins, "dup1", new FixturePlugins.Spec("dupa", "dup", "only-in-dup1"));
        FixturePlugins.install(plugins, "dup2", new FixturePlugins.Spec("dupb", "dup", "only-in-dup2"));

        FixturePlugins.Spec twice = new FixturePlugins.Spec("twice", "twice", "twice");
        FixturePlugins.install(plugins, "twice", twice);
        PluginJars.properties(plugins.resolve("twice"), "drivers=twice\n");

        FixturePlugins.Spec colon = new FixturePlugins.Spec("colon", "bad:name");
        FixturePlugins.install(plugins, "colon", colon);
        PluginJars.properties(plugins.resolve("colon"), "drivers=colon\n");

        PluginJars.build(plugins.resolve("no-services/lib.jar"), java.util.Map.of("x.Y", "package x; class Y {}"), null);
        PluginJars.properties(plugins.resolve("no-services"), "drivers=no-services\n");

        FixturePlugins.install(plugins, "future", new FixturePlugins.Spec("future", "future"));
        PluginJars.properties(plugins.resolve("future"), "drivers=future\nspi-version=99\n");

        FixturePlugins.install(plugins, "badprops", new FixturePlugins.Spec("badprops", "badprops"));
        PluginJars.properties(plugins.resolve("badprops"), "spi-version=1\n");

        Files.createDirectories(plugins.resolve("empty"));
        PluginJars.properties(plugins.resolve("empty"), "drivers=empty\n");

        Files.createDirectories(plugins.resolve("native"));
        Files.writeString(plugins.resolve("native/libnative.so"), "not really a library");
        PluginJars.properties(plugins.resolve("native"), "drivers=native\n");

        FixturePlugins.install(plugins, "shadow", new FixturePlugins.Spec("shadow", "k8s-file"));
        PluginJars.properties(plugins.resolve("shadow"), "drivers=k8s-file\n");
    }

    private static DriverRegistry registry() {
        return DriverRegistry.load(BrokenPluginsTest.class.getClassLoader()).withPluginsDir(plugins);
    }

    private static void assertUnavailable(String driver, String folder, String cause) {
        DriverRegistry r = registry();
        assertNull(r.find(driver), driver);
        assertTrue(r.isInstalled(driver), driver + " is known, so -l accepts it and the open fails with the cause");
        String message = r.unavailableMessage(driver);
        assertTrue(message.contains(plugins.resolve(folder).toString()), message);
        assertTrue(message.contains(cause), "expected '" + cause + "' in: " + message);
        assertNotNull(r.find("good"), "the good plugin still works");
    }

    @Test
    void aCorruptJarIsReportedByName() {
        assertUnavailable("corrupt", "corrupt", "corrupt.jar is not a readable jar");
    }

    @Test
    void aProviderClassMissingFromTheJarIsReported() {
        assertUnavailable("missing", "missing-class", "ServiceConfigurationError");
        assertUnavailable("missing", "missing-class", "gone.Plugin not found");
    }

    @Test
    void anExceptionInDriverFactoriesIsReported() {
        assertUnavailable("throwing", "throwing", "IllegalStateException: no factories today");
    }

    @Test
    void aFailingStaticInitializerIsReportedWithItsRootCause() {
        assertUnavailable("badinit", "badinit", "static init failed");
    }

    @Test
    void aNameTwoPluginsProvideCannotBeSelectedButTheirOtherNamesCan() {
        DriverRegistry r = registry();
        assertNull(r.find("dup"));
        String message = r.unavailableMessage("dup");
        assertTrue(message.contains("provided by more than one plugin"), message);
        assertTrue(message.contains(plugins.resolve("dup1").toString()) && message.contains(plugins.resolve("dup2").toString()),
                message);
        assertNotNull(r.find("only-in-dup1"));
        assertNotNull(r.find("only-in-dup2"));
    }

    @Test
    void aPluginProvidingOneNameTwiceIsReported() {
        assertUnavailable("twice", "twice", "provides driver twice twice");
    }

    @Test
    void aNameThatCannotBeWrittenOnTheCommandLineIsReported() {
        assertUnavailable("colon", "colon", "'bad:name' contains ':'");
    }

    @Test
    void jarsWithoutAServicesFileAreReported() {
        assertUnavailable("no-services", "no-services", "META-INF/services/io.jconmon.spi.LogDriverPlugin");
    }

    @Test
    void aPluginNeedingANewerSpiIsNotLoaded() {
        assertUnavailable("future", "future", "needs SPI version 99");
    }

    @Test
    void aPluginPropertiesFileWithoutDriversIsReported() {
        // Without a usable list the plugin is treated as undeclared: loaded (and failing) on every lookup.
        assertUnavailable("badprops", "badprops", "no drivers= line");
        // It does not list its names, so it may or may not be the provider: conmon's message, with a hint.
        assertTrue(registry().unavailableMessage("badprops").startsWith("No such log driver badprops (a plugin that"
                + " could not be loaded may provide it: plugin " + plugins.resolve("badprops")), registry().unavailableMessage("badprops"));
    }

    @Test
    void aFolderWithNothingToLoadIsReported() {
        assertUnavailable("empty", "empty", "no .jar and no .so");
    }

    @Test
    void aBrokenNativePluginIsReportedWithItsPathAndTheLoadersCause() {
        assertUnavailable("native", "native", "libnative.so: cannot load it:");
    }

    @Test
    void aPluginCannotReplaceABuiltInDriver() {
        DriverRegistry r = registry();
        assertTrue(r.isBuiltIn("k8s-file"));
        assertEquals("io.jconmon.driver.k8sfile.K8sFileDriverFactory", r.find("k8s-file").getClass().getName());
    }

    @Test
    void everyBrokenPluginMetWhileSearchingIsListedWithItsPath() {
        DriverRegistry r = registry();
        // "badprops" has no usable plugin.properties, so any search for a plugin name loads it.
        assertNotNull(r.find("good"));
        List<String> problems = r.pluginProblems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("plugin " + plugins.resolve("badprops") + " could not be loaded: "),
                problems.toString());
    }
}
