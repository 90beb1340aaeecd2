package io.jconmon.core.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time: sources compiled with javax.tools against the test class
 * path (which holds plugin-api) plus any jars given, packed with their META-INF/services file.
 */
final class PluginJars {
    static final String SERVICE = "META-INF/services/io.jconmon.spi.LogDriverPlugin";

    private PluginJars() {}

    /**
     * @param jar the jar to write
     * @param sources class name → source
     * @param provider the LogDriverPlugin class to register, or null for a jar without services file
     * @param classpath further jars the sources compile against (a plugin's libraries)
     */
    static Path build(Path jar, Map<String, String> sources, String provider, Path... classpath) throws IOException {
        Path work = Files.createTempDirectory("jconmon-plugin-src-");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25", "-proc:none",
                "-Xlint:none", "-cp", classPath(classpath)));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path src = work.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            args.add(src.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + jar);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            if (provider != null) {
                j.putNextEntry(new JarEntry(SERVICE));
                j.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
        }
        deleteTree(work);
        return jar;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A jar holding only a services file naming {@code provider} (whose class is absent). */
    static Path servicesOnly(Path jar, String provider) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(SERVICE));
            j.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    /** Writes {@code plugin.properties} into {@code dir}. */
    static void properties(Path dir, String text) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("plugin.properties"), text);
    }

    private static String classPath(Path... extra) {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path p : extra) {
            cp.append(java.io.File.pathSeparatorChar).append(p);
        }
        return cp.toString();
    }
}
