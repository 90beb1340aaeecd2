package io.jconmon.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where plugins.d is: flag, then environment, then the installation. */
class PluginsDirectoryTest {
    @Test
    void theFlagWinsOverTheEnvironmentWhichWinsOverTheInstallation() {
        assertEquals(Path.of("/flag"), PluginsDirectory.resolve("/flag", "/env", "/home"));
        assertEquals(Path.of("/env"), PluginsDirectory.resolve(null, "/env", "/home"));
        assertEquals(Path.of("/home/plugins.d"), PluginsDirectory.resolve(null, null, "/home"));
    }

    @Test
    void emptyValuesCountAsNotGivenAndOutsideAnInstallationThereIsNone() {
        assertEquals(Path.of("/home/plugins.d"), PluginsDirectory.resolve("", "", "/home"));
        assertNull(PluginsDirectory.resolve(null, null, null));
    }
}
