package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party driver dropped into a plugins directory, selected with {@code -l NAME:ARG} on a real
 * runc container under the installed jconmon: its output lands where the plugin writes it, next to
 * a complete k8s-file log. The plugin jar is compiled here against the image's plugin-api jar only.
 */
class PluginsDirTest {
    private static final Path IMAGE = Host.JCONMON.getParent().getParent();
    private static final String PLUGIN = """
            package demo;

            import io.jconmon.spi.*;
            import java.io.*;
            import java.nio.charset.StandardCharsets;
            import java.util.*;

            public final class StreamTagPlugin implements LogDriverPlugin {
                @Override
                public Iterable<LogDriverFactory> driverFactories() {
                    return List.of(new LogDriverFactory() {
                        @Override
                        public String name() {
                            return "stream-tag";
                        }

                        @Override
                        public Set<String> optionNames() {
                            return Set.of("path");
                        }

                        @Override
                        public LogDriver open(ContainerInfo c, Map<String, String> o, DriverContext ctx)
                                throws LogDriverException {
                            final OutputStream out;
                            try {
                                out = new FileOutputStream(o.get("path"));
                            } catch (IOException e) {
                                throw new LogDriverException("stream-tag cannot open " + o.get("path"));
                            }
                            return new LogDriver() {
                                @Override
                                public WriteResult write(LogRecord r) {
                                    byte[] b = new byte[r.length()];
                                    r.content().get(b);
                                    String line = r.stream().wireName() + ":" + (r.isPartial() ? "P:" : "")
                                            + new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT) + "\\n";
                                    try {
                                        out.write(line.getBytes(StandardCharsets.UTF_8));
                                        return WriteResult.ACCEPTED;
                                    } catch (IOException e) {
                                        return WriteResult.FAILED;
                                    }
                                }

                                @Override
                                public void close() {
                                    try {
                                        out.close();
                                    } catch (IOException e) {
                                        // nothing left to do
                                    }
                                }
                            };
                        }
                    });
                }
            }
            """;

    @TempDir
    static Path tmp;
    private static Path plugins;

    @BeforeAll
    static void installPlugins() throws Exception {
        plugins = tmp.resolve("plugins.d");
        TestPlugins.install(plugins, "stream-tag", "demo.StreamTagPlugin", PLUGIN, tmp);
        Path broken = plugins.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("broken.jar"), "not a jar");
        Files.writeString(broken.resolve("plugin.properties"), "drivers=broken\n");
    }

    @Test
    void aPluginDriverSelectedWithDashLWritesARealContainersOutput() throws Exception {
        Path out = tmp.resolve("stream-tag.out");
        ConmonRun.Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, new ConmonRun.Spec("/bin/sh", "-c",
                "echo hello plugin; echo oops >&2; printf tail")
                .extra("--plugins-dir", plugins.toString(), "-l", "stream-tag:" + out));
        K8sLog k8s = Compare.completed(o, "0");
        assertEquals(List.of("stdout F hello plugin", "stdout P tail"), k8s.normalized("stdout"));
        assertEquals(List.of("stderr F oops"), k8s.normalized("stderr"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("stdout:HELLO PLUGIN", "stdout:P:TAIL"), lines.stream().filter(l -> l.startsWith("stdout")).toList());
        assertEquals(List.of("stderr:OOPS"), lines.stream().filter(l -> l.startsWith("stderr")).toList());
        // The broken plugin next to it was never opened, so nothing was said about it.
        assertTrue(!o.p1Stderr().contains("broken"), o.p1Stderr());
    }

    @Test
    void selectingABrokenPluginFailsTheContainerWithThePluginsPathAndCause() throws Exception {
        ConmonRun.Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, new ConmonRun.Spec("/bin/true")
                .extra("--plugins-dir", plugins.toString(), "-l", "broken:" + tmp.resolve("never")));
        assertEquals(1, o.p1Status(), o.describe());
        assertTrue(o.p1Stderr().contains("[conmon:e]: log driver broken is not available: plugin "
                + plugins.resolve("broken") + " could not be loaded: broken.jar is not a readable jar"), o.p1Stderr());
        assertEquals(null, o.containerPidRaw(), "the container was never created");
    }

    @Test
    void withoutTheFlagTheEnvironmentNamesThePluginsDirectory() throws Exception {
        // The driver check fails before any container exists, so no runtime or start pipe is needed.
        List<String> argv = List.of(Host.JCONMON.toString(), "-c", "plugins-env-test-0123", "-u", "u", "-r", "/bin/true",
                "-l", "broken:" + tmp.resolve("never"));
        Host.Result viaEnv = Host.exec(argv, 60, java.util.Map.of("JCONMON_PLUGINS_DIR", plugins.toString()));
        assertEquals(1, viaEnv.status(), viaEnv.stderr());
        assertTrue(viaEnv.stderr().contains("plugin " + plugins.resolve("broken") + " could not be loaded"), viaEnv.stderr());

        List<String> withFlag = new ArrayList<>(List.of(Host.JCONMON.toString(), "--plugins-dir",
                tmp.resolve("empty").toString()));
        withFlag.addAll(argv.subList(1, argv.size()));
        Host.Result flagWins = Host.exec(withFlag, 60, java.util.Map.of("JCONMON_PLUGINS_DIR", plugins.toString()));
        assertEquals(1, flagWins.status(), flagWins.stderr());
        assertEquals("[conmon:e]: No such log driver broken\n", flagWins.stderr());
    }

    @Test
    void pluginsCheckRunsOnTheImagesOwnRuntime() throws Exception {
        // java.base only (the jlinked runtime): the check must not need anything else.
        List<String> cmd = new ArrayList<>(List.of(IMAGE.resolve("runtime/bin/java").toString(), "-cp",
                IMAGE.resolve("lib/jars").toString() + "/*", "io.jconmon.core.plugins.PluginsCommand", "check",
                plugins.toString()));
        Host.Result r = Host.exec(cmd, 60);
        assertEquals(1, r.status(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("plugin " + plugins.resolve("stream-tag") + ": ok\n"), r.stdout());
        assertTrue(r.stdout().contains("  driver stream-tag: options path\n"), r.stdout());
        assertTrue(r.stdout().contains("plugin " + plugins.resolve("broken") + ": FAILED\n"), r.stdout());
        assertTrue(r.stdout().endsWith("2 plugin(s): 1 ok, 1 failed\n"), r.stdout());
    }
}
