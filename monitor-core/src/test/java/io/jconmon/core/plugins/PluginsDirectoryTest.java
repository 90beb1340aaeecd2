package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where plugins.d is: flag, then environment, then the installation. */
class PluginsDirectoryTest {
    @Test
    void theFlagWinsOverTheEnvironmentWhichWinsOverTheInstallation() {
        assertEquals(Path.of("/flag"), PluginsDirectory.resolve("/flag", "/env", Path.of("/conf"), "/home"));
        assertEquals(Path.of("/env"), PluginsDirectory.resolve(null, "/env", Path.of("/conf"), "/home"));
        assertEquals(Path.of("/conf"), PluginsDirectory.resolve(null, null, Path.of("/conf"), "/home"));
        assertEquals(Path.of("/home/plugins.d"), PluginsDirectory.resolve(null, null, null, "/home"));
    }

    @Test
    void emptyValuesCountAsNotGivenAndOutsideAnInstallationThereIsNone() {
        assertEquals(Path.of("/home/plugins.d"), PluginsDirectory.resolve("", "", null, "/home"));
        assertNull(PluginsDirectory.resolve(null, null, null, null));
    }
}
