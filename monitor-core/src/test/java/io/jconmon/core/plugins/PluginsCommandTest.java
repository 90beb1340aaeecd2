package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jconmon plugins list|check DIR} over real plugin folders. */
class PluginsCommandTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PluginsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path goodPlugins() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "upper", new FixturePlugins.Spec("upper", "upper", "upper-too"));
        PluginJars.properties(plugins.resolve("upper"), "drivers=upper, upper-too\nspi-version=1\n");
        return plugins;
    }

    @Test
    void checkShowsEachPluginsJarsDeclarationDriversAndOptions() throws Exception {
        Path plugins = goodPlugins();
        assertEquals(PluginsCommand.OK, run("check", plugins.toString()), out());
        assertEquals("""
                plugins directory: DIR
                SPI version of this jconmon: 1
                built-in drivers: journald, json-file, k8s-file

                plugin DIR/upper: ok
                  jars: upper.jar
                  plugin.properties: drivers upper, upper-too; spi-version 1
                  driver upper: options path, prefix
                  driver upper-too: options path, prefix

                1 plugin(s): 1 ok, 0 failed
                """.replace("DIR", plugins.toString()), out());
    }

    @Test
    void checkFailsOnABrokenPluginAndNamesItsPathAndCause() throws Exception {
        Path plugins = goodPlugins();
        PluginJars.servicesOnly(plugins.resolve("missing/missing.jar"), "gone.Plugin");
        assertEquals(PluginsCommand.PROBLEMS, run("check", plugins.toString()));
        String text = out();
        assertTrue(text.contains("plugin " + plugins.resolve("missing") + ": FAILED\n  jars: missing.jar\n"
                + "  plugin.properties: none (the plugin is loaded whenever a driver that is not built in is selected)\n"
                + "  cause: ServiceConfigurationError: io.jconmon.spi.LogDriverPlugin: Provider gone.Plugin not found\n"),
                text);
        assertTrue(text.endsWith("2 plugin(s): 1 ok, 1 failed\n"), text);
    }

    @Test
    void checkReportsANameTwoPluginsProvide() throws Exception {
        Path plugins = goodPlugins();
        FixturePlugins.install(plugins, "again", new FixturePlugins.Spec("again", "upper"));
        assertEquals(PluginsCommand.PROBLEMS, run("check", plugins.toString()));
        assertTrue(out().contains("conflict: driver upper is provided by more than one plugin (" + plugins.resolve("again")
                + ", " + plugins.resolve("upper") + "): selecting it fails\n"), out());
    }

    @Test
    void listShowsEverySelectableDriverWithItsOriginAndTheBrokenPlugins() throws Exception {
        Path plugins = goodPlugins();
        Files.createDirectories(plugins.resolve("empty"));
        assertEquals(PluginsCommand.OK, run("list", plugins.toString()));
        assertEquals("""
                DRIVER     ORIGIN
                journald   built-in
                json-file  built-in
                k8s-file   built-in
                upper      DIR/upper
                upper-too  DIR/upper
                FAILED: DIR/empty: the folder has no .jar and no .so
                """.replace("DIR", plugins.toString()), out());
    }

    @Test
    void anEmptyOrAbsentDirectoryHasOnlyBuiltIns() {
        assertEquals(PluginsCommand.OK, run("check", tmp.resolve("absent").toString()));
        assertTrue(out().endsWith("\n0 plugin(s): 0 ok, 0 failed\n"), out());
    }

    @Test
    void badArgumentsPrintUsageAndExit2() {
        assertEquals(PluginsCommand.USAGE, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage: jconmon plugins list|check [DIR]"));
        assertEquals(PluginsCommand.USAGE, run());
        assertEquals(PluginsCommand.OK, run("--help"));
    }
}
