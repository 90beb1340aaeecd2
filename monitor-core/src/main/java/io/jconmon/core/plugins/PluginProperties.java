package io.jconmon.core.plugins;

import io.jconmon.spi.SpiVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * A plugin folder's optional {@code plugin.properties}:
 *
 * <pre>
 * drivers=upper-file, other-driver   # every driver name the plugin provides
 * spi-version=1                      # the SPI version it was built against (optional)
 * </pre>
 *
 * <p>With it, the monitor opens a plugin's jars only when one of its listed drivers is selected;
 * without it, the plugin must be loaded to learn its names, whenever a driver that is not built in
 * is selected. Start-up is paid per container, so every shipped plugin should have one.
 *
 * @param drivers the driver names listed, in file order; only these are selectable from the plugin
 * @param spiVersion the declared SPI version, or 0 when not declared
 */
public record PluginProperties(Set<String> drivers, int spiVersion) {
    /** The file's name inside a plugin folder. */
    public static final String FILE_NAME = "plugin.properties";

    /** Reads and checks {@code file}. */
    public static PluginProperties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String list = p.getProperty("drivers");
        if (list == null || list.isBlank()) {
            throw new IOException(FILE_NAME + " has no drivers= line listing the plugin's driver names");
        }
        Set<String> drivers = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String n = name.strip();
            if (!n.isEmpty()) {
                drivers.add(n);
            }
        }
        int spi = 0;
        String v = p.getProperty("spi-version");
        if (v != null) {
            try {
                spi = Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new IOException(FILE_NAME + ": spi-version is not a number: " + v);
            }
            if (spi < 1) {
                throw new IOException(FILE_NAME + ": spi-version must be 1 or more, got " + spi);
            }
        }
        return new PluginProperties(Collections.unmodifiableSet(drivers), spi);
    }

    /** Why this jconmon cannot run the plugin, or null when its declared SPI version is supported. */
    public String spiMismatch() {
        return spiVersion > SpiVersion.CURRENT
                ? "it needs SPI version " + spiVersion + " and this jconmon provides " + SpiVersion.CURRENT
                : null;
    }
}
