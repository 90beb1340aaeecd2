package io.jconmon.core.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one Java plugin: its own jars, the SPI from the host, and the JDK.
 *
 * <ul>
 *   <li>{@code io.jconmon.spi.*} comes from the host, so the plugin's classes implement the very
 *       interfaces the monitor calls;
 *   <li>JDK packages ({@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*}, {@code com.sun.*})
 *       come from the platform first;
 *   <li>everything else comes from the plugin's jars first (child-first), falling back to the
 *       platform only. The monitor's own classes and other plugins' classes are never visible, so a
 *       plugin's libraries cannot clash with the core's or with another plugin's.
 * </ul>
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String SPI_PACKAGE = "io.jconmon.spi.";
    private static final String[] PLATFORM_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    /**
     * @param name the plugin's name (shown in stack traces)
     * @param jars the plugin's class path
     * @param spiLoader the loader that defines {@code io.jconmon.spi} in the host
     */
    PluginClassLoader(String name, URL[] jars, ClassLoader spiLoader) {
        super("plugin:" + name, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return spiLoader.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = isPlatformName(name) ? platformFirst(name) : ownFirst(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> platformFirst(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            return findClass(name); // e.g. javax.annotation.Nullable from a plugin's jsr305 jar
        }
    }

    private Class<?> ownFirst(String name) throws ClassNotFoundException {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return getParent().loadClass(name);
        }
    }

    private static boolean isPlatformName(String name) {
        for (String p : PLATFORM_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    // Resources follow the same rule as classes: the plugin's own first. ServiceLoader reads
    // META-INF/services through getResources, so only the plugin's own providers are found.
    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
