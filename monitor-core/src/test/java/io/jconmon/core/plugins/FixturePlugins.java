package io.jconmon.core.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Small real plugins for the plugin-host tests: each is a folder under a plugins directory with a
 * jar built by {@link PluginJars}. The standard plugin's drivers append each record, transformed by
 * a Java expression over {@code s}, as a line to the file named by their {@code path} option.
 */
final class FixturePlugins {
    private static final String TEMPLATE = """
            package PKG;

            import io.jconmon.spi.*;
            import java.io.*;
            import java.nio.charset.StandardCharsets;
            import java.util.*;

            public final class Plugin implements LogDriverPlugin {
                FIELDS

                static { STATIC_HOOK }

                @Override
                public Iterable<LogDriverFactory> driverFactories() {
                    FACTORIES_HOOK
                    List<LogDriverFactory> out = new ArrayList<>();
                    for (String name : new String[] {NAMES}) {
                        out.add(new Factory(name));
                    }
                    return out;
                }

                public static final class Factory implements LogDriverFactory {
                    private final String name;

                    Factory(String name) {
                        this.name = name;
                    }

                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public Set<String> optionNames() {
                        return Set.of("path", "prefix");
                    }

                    @Override
                    public LogDriver open(ContainerInfo c, Map<String, String> o, DriverContext ctx)
                            throws LogDriverException {
                        OPEN_HOOK
                        final OutputStream out;
                        try {
                            out = new FileOutputStream(o.get("path"), true);
                        } catch (IOException e) {
                            throw new LogDriverException("cannot open " + o.get("path") + ": " + e.getMessage());
                        }
                        final String prefix = o.getOrDefault("prefix", "");
                        return new LogDriver() {
                            int n;

                            @Override
                            public WriteResult write(LogRecord r) {
                                n++;
                                byte[] b = new byte[r.content().remaining()];
                                r.content().get(b);
                                String s = new String(b, StandardCharsets.UTF_8);
                                WRITE_HOOK
                                try {
                                    out.write((prefix + (TRANSFORM) + "\\n").getBytes(StandardCharsets.UTF_8));
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
                                    // test fixture
                                }
                            }
                        };
                    }
                }
            }
            """;

    /** The parts of one fixture plugin; the defaults make a plain, working plugin. */
    static final class Spec {
        final String pkg;
        List<String> names;
        String transform = "s";
        String writeHook = "";
        String openHook = "";
        String factoriesHook = "";
        String staticHook = "";
        String fields = "";
        Map<String, String> extraSources = new HashMap<>();
        Path[] libraries = new Path[0];

        Spec(String pkg, String... names) {
            this.pkg = pkg;
            this.names = List.of(names);
        }

        String source() {
            return TEMPLATE.replace("PKG", pkg)
                    .replace("NAMES", names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")))
                    .replace("TRANSFORM", transform).replace("WRITE_HOOK", writeHook)
                    .replace("OPEN_HOOK", openHook).replace("FACTORIES_HOOK", factoriesHook)
                    .replace("STATIC_HOOK", staticHook).replace("FIELDS", fields);
        }
    }

    private FixturePlugins() {}

    /** Builds {@code spec} into {@code pluginsDir/folder/PKG.jar}; its libraries are copied beside it. */
    static Path install(Path pluginsDir, String folder, Spec spec) throws IOException {
        Path dir = pluginsDir.resolve(folder);
        Files.createDirectories(dir);
        Map<String, String> sources = new HashMap<>(spec.extraSources);
        sources.put(spec.pkg + ".Plugin", spec.source());
        PluginJars.build(dir.resolve(spec.pkg + ".jar"), sources, spec.pkg + ".Plugin", spec.libraries);
        for (Path lib : spec.libraries) {
            Files.copy(lib, dir.resolve(lib.getFileName()));
        }
        return dir;
    }

    /** A library jar with class {@code lib.Shout} whose {@code shout(s)} returns {@code tag + ":" + S}. */
    static Path shoutLibrary(Path where, String tag) throws IOException {
        String src = """
                package lib;

                public final class Shout {
                    public static String shout(String s) {
                        return "TAG:" + s.toUpperCase(java.util.Locale.ROOT);
                    }
                }
                """.replace("TAG", tag);
        return PluginJars.build(where.resolve("shout-" + tag + ".jar"), Map.of("lib.Shout", src), null);
    }
}
