package io.jconmon.core.plugins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code plugins.d/<plugin>/} folder as found on disk, before anything in it is loaded.
 *
 * <p>A folder with jars is a Java plugin: its sorted jars are its class path (a {@code .so} beside
 * them is the plugin's own business, e.g. a JNI library it loads itself). A folder with no jar and
 * one or more {@code .so} files is a native (C-ABI) plugin. Other files are ignored.
 *
 * @param dir the folder
 * @param jars its {@code *.jar} files, sorted by name
 * @param nativeLibraries its {@code *.so} files, sorted by name
 * @param properties its {@code plugin.properties}, or null when absent or unreadable
 * @param propertiesError why {@code plugin.properties} could not be read, or null
 */
public record PluginFolder(Path dir, List<Path> jars, List<Path> nativeLibraries, PluginProperties properties,
                           String propertiesError) {

    /** The plugin's name: its folder's name. */
    public String name() {
        return dir.getFileName().toString();
    }

    /** True for a C-ABI plugin (no jar, at least one {@code .so}). */
    public boolean isNative() {
        return jars.isEmpty() && !nativeLibraries.isEmpty();
    }

    /**
     * True when {@code plugin.properties} names the plugin's drivers, so the plugin need not be
     * loaded to know whether it provides one.
     */
    public boolean declaresDrivers() {
        return properties != null;
    }

    /** Lists one folder; reads nothing but the directory and {@code plugin.properties}. */
    public static PluginFolder scan(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        List<Path> libs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jar")) {
                    jars.add(p);
                } else if (n.endsWith(".so")) {
                    libs.add(p);
                }
            }
        }
        jars.sort(null);
        libs.sort(null);
        PluginProperties properties = null;
        String error = null;
        Path file = dir.resolve(PluginProperties.FILE_NAME);
        if (Files.exists(file)) {
            try {
                properties = PluginProperties.read(file);
            } catch (IOException e) {
                error = e.getMessage();
            }
        }
        return new PluginFolder(dir, List.copyOf(jars), List.copyOf(libs), properties, error);
    }

    /**
     * Every sub-folder of {@code pluginsDir}, sorted by name; an absent directory has none.
     *
     * @throws IOException when {@code pluginsDir} exists but cannot be listed
     */
    public static List<PluginFolder> scanAll(Path pluginsDir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(pluginsDir)) {
            return List.of();
        }
        // Plain loops, no lambdas: this runs when a container selects a plugin driver, and each
        // lambda shape costs method-handle spinning on a cold JVM.
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pluginsDir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(null);
        List<PluginFolder> folders = new ArrayList<>();
        for (Path d : dirs) {
            try {
                folders.add(scan(d));
            } catch (IOException e) {
                // Reported as this plugin's failure when it is loaded; the others stay usable.
                folders.add(new PluginFolder(d, List.of(), List.of(), null, "the folder cannot be read: " + e));
            }
        }
        return folders;
    }
}
