package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Third-party Java plugins made at test time, as a plugin author would: one source file compiled
 * against the installed image's plugin-api jar only, packed into a jar with its service entry, and
 * put into a plugins directory next to its plugin.properties.
 */
final class TestPlugins {
    private static final Path PLUGIN_API = Host.JCONMON.getParent().getParent().resolve("lib/jars/jconmon-plugin-api.jar");

    private TestPlugins() {}

    /**
     * Installs {@code plugins/NAME/NAME.jar} with a plugin.properties declaring the one driver
     * {@code NAME} and SPI version 1.
     *
     * @param plugins the plugins directory
     * @param name the plugin's directory, jar and driver name
     * @param className the fully qualified name of the {@code LogDriverPlugin} that {@code source} declares
     * @param source the plugin's only source file
     * @param work a directory for the source and the classes
     * @return the plugin's directory
     */
    static Path install(Path plugins, String name, String className, String source, Path work) throws IOException {
        Path dir = plugins.resolve(name);
        Files.createDirectories(dir);
        buildJar(dir.resolve(name + ".jar"), className, source, work);
        Files.writeString(dir.resolve("plugin.properties"), "drivers=" + name + "\nspi-version=1\n");
        return dir;
    }

    private static void buildJar(Path jar, String className, String source, Path work) throws IOException {
        Path src = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Path classes = work.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "25", "-d",
                classes.toString(), "-cp", PLUGIN_API.toString(), src.toString());
        assertEquals(0, status, "javac");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/services/io.jconmon.spi.LogDriverPlugin"));
            j.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    j.write(Files.readAllBytes(f));
                }
            }
        }
    }
}
