package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.cli.CliResult;
import io.jconmon.core.cli.ConmonCli;
import io.jconmon.core.cli.Environment;
import io.jconmon.core.config.LogLevel;
import io.jconmon.core.logging.DriverRegistry;
import io.jconmon.core.logging.LogFanout;
import io.jconmon.core.logging.LogSetup;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugins.d driver selected on the command line next to the real k8s-file, through the same
 * path as the monitor: the CLI's driver check, LogSetup, and the fan-out.
 */
class PluginFanoutTest {
    private static final String CID = "0123456789abcdef0123456789";

    @TempDir
    Path tmp;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Diagnostics diag =
            new Diagnostics(LogLevel.WARN, false, CID, null, new PrintStream(stderr, true, StandardCharsets.UTF_8));

    /** Parses {@code args} like Main does: driver names are checked against built-ins and the plugins dir. */
    private static CliResult.Run parse(DriverRegistry builtIns, String... args) throws Exception {
        Environment env = new Environment() {
            @Override
            public String cwd() {
                return "/tmp";
            }

            @Override
            public boolean isExecutable(Path path) {
                return true;
            }

            @Override
            public String accessError(Path path) {
                return null;
            }

            @Override
            public boolean hasLogDriver(String name, String pluginsDir) {
                return builtIns.withPluginsDir(PluginsDirectory.resolve(pluginsDir, null, null, null)).isInstalled(name);
            }
        };
        List<String> all = new java.util.ArrayList<>(List.of("-c", CID, "-u", CID, "-r", "/usr/bin/runc"));
        all.addAll(List.of(args));
        return (CliResult.Run) new ConmonCli("test").parse(all.toArray(String[]::new), env);
    }

    private static void feed(LogFanout fanout, String... lines) {
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            ReusableRecord r = new ReusableRecord(b);
            r.set(LogStream.STDOUT, 1_700_000_000_000_000_000L, false, 0, b.length);
            fanout.record(r);
        }
        fanout.endOfBatch();
    }

    @Test
    void aPluginThatThrowsInWriteIsDisabledAndCountedWhileK8sFileStaysComplete() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec thrower = new FixturePlugins.Spec("thrower", "thrower");
        thrower.writeHook = "if (n == 2) throw new IllegalStateException(\"boom on record 2\");";
        FixturePlugins.install(plugins, "thrower", thrower);
        PluginJars.properties(plugins.resolve("thrower"), "drivers=thrower\n");
        Path k8s = tmp.resolve("ctr.log");
        Path out = tmp.resolve("thrower.out");

        DriverRegistry builtIns = DriverRegistry.load(getClass().getClassLoader());
        CliResult.Run run = parse(builtIns, "--plugins-dir", plugins.toString(), "-l", "k8s-file:" + k8s,
                "-l", "thrower:" + out);
        assertEquals(plugins.toString(), run.pluginsDir());
        DriverRegistry registry = builtIns.withPluginsDir(PluginsDirectory.resolve(run.pluginsDir(), null, null, null));
        LogFanout fanout = LogSetup.open(run.config(), io.jconmon.core.config.HostConfig.NONE, run.logOpts(), registry, diag);
        feed(fanout, "one", "two", "three");
        fanout.close();

        List<String> k8sLines = Files.readAllLines(k8s);
        assertEquals(3, k8sLines.size(), k8sLines.toString());
        assertTrue(k8sLines.get(2).endsWith(" stdout F three"), k8sLines.toString());
        assertEquals(List.of("one"), Files.readAllLines(out));
        assertEquals(2, fanout.droppedBy("thrower").records(LogStream.STDOUT));
        assertEquals(0, fanout.droppedBy("k8s-file").records(LogStream.STDOUT));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("log driver thrower threw java.lang.IllegalStateException: boom on record 2"), err);
        assertTrue(err.contains("log driver thrower dropped 2 records"), err);
    }

    @Test
    void anErrorFromAPluginIsReportedOnceWithTheCallItCameFrom() throws Exception {
        // Found end to end (PluginIsolationTest): an OutOfMemoryError was reported as
        // "threw io.jconmon.core.plugins.PluginDriver$PluginFailure: log driver X threw in write: ...".
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.Spec asserting = new FixturePlugins.Spec("asserting", "asserting");
        asserting.writeHook = "if (n == 2) throw new AssertionError(\"plugin bug\");";
        FixturePlugins.install(plugins, "asserting", asserting);
        PluginJars.properties(plugins.resolve("asserting"), "drivers=asserting\n");
        DriverRegistry builtIns = DriverRegistry.load(getClass().getClassLoader());
        CliResult.Run run = parse(builtIns, "--plugins-dir", plugins.toString(), "-l", "k8s-file:" + tmp.resolve("ctr.log"),
                "-l", "asserting:" + tmp.resolve("asserting.out"));
        DriverRegistry registry = builtIns.withPluginsDir(PluginsDirectory.resolve(run.pluginsDir(), null, null, null));
        LogFanout fanout = LogSetup.open(run.config(), io.jconmon.core.config.HostConfig.NONE, run.logOpts(), registry, diag);
        feed(fanout, "one", "two", "three");
        fanout.close();

        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("log driver asserting threw java.lang.AssertionError: plugin bug (in write); it is disabled"),
                err);
        assertTrue(!err.contains("PluginFailure"), err);
    }

    @Test
    void selectingABrokenPluginFailsTheContainerNamingThePluginPathAndCause() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        Files.createDirectories(plugins.resolve("broken"));
        Files.writeString(plugins.resolve("broken/broken.jar"), "not a jar");
        PluginJars.properties(plugins.resolve("broken"), "drivers=broken\n");
        DriverRegistry builtIns = DriverRegistry.load(getClass().getClassLoader());
        CliResult.Run run = parse(builtIns, "--plugins-dir", plugins.toString(), "-l", "k8s-file:" + tmp.resolve("log"),
                "-l", "broken:/x");
        DriverRegistry registry = builtIns.withPluginsDir(PluginsDirectory.resolve(run.pluginsDir(), null, null, null));
        LogDriverException e = org.junit.jupiter.api.Assertions.assertThrows(LogDriverException.class,
                () -> LogSetup.open(run.config(), io.jconmon.core.config.HostConfig.NONE, run.logOpts(), registry, diag));
        assertEquals("log driver broken is not available: plugin " + plugins.resolve("broken")
                + " could not be loaded: broken.jar is not a readable jar: ZipException: zip END header not found",
                e.getMessage());
    }

    @Test
    void withoutThePluginsDirectoryAPluginNameIsConmonsNoSuchLogDriver() throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        FixturePlugins.install(plugins, "thrower", new FixturePlugins.Spec("thrower", "thrower"));
        DriverRegistry builtIns = DriverRegistry.load(getClass().getClassLoader());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> parse(builtIns, "-l", "thrower:/x"));
        assertEquals("[conmon:e]: No such log driver thrower", e.getMessage());
    }
}
