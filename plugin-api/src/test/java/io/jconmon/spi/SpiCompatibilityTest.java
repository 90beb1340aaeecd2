package io.jconmon.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build check that fails when a released SPI signature changes. {@code spi-v1.signatures}
 * is the SPI as released with version 1: every line of it must still exist unchanged. Additions
 * are allowed only together with a higher {@link SpiVersion#CURRENT} and a new signatures file
 * for that version (copy the printed listing), so that what drivers build against never shifts
 * silently.
 */
class SpiCompatibilityTest {

    @Test
    void everyReleasedSignatureStillExists() throws IOException {
        List<String> released = released(1);
        List<String> current = SpiSignatures.current();
        List<String> missing = new ArrayList<>(released);
        missing.removeAll(current);
        if (!missing.isEmpty()) {
            fail("released SPI signatures changed or removed (never change a signature; add default methods "
                    + "or new interfaces instead):\n  " + String.join("\n  ", missing));
        }
    }

    @Test
    void additionsComeWithANewSpiVersion() throws IOException {
        List<String> latest = released(SpiVersion.CURRENT);
        List<String> added = new ArrayList<>(SpiSignatures.current());
        added.removeAll(latest);
        if (!added.isEmpty()) {
            fail("SPI signatures added without a new SPI version: raise SpiVersion.CURRENT and record the "
                    + "listing as spi-v" + (SpiVersion.CURRENT + 1) + ".signatures:\n  " + String.join("\n  ", added)
                    + "\n--- full listing ---\n" + String.join("\n", SpiSignatures.current()));
        }
    }

    @Test
    void theSpiDependsOnJavaBaseOnly() {
        for (Class<?> type : SpiSignatures.TYPES) {
            for (var m : type.getDeclaredMethods()) {
                for (Class<?> p : m.getParameterTypes()) {
                    assertTrue(p.isPrimitive() || p.getModule().getName() == null && p.getPackageName().equals("io.jconmon.spi")
                            || "java.base".equals(p.getModule().getName()), m + " uses " + p);
                }
                Class<?> r = m.getReturnType();
                assertTrue(r.isPrimitive() || r.getPackageName().equals("io.jconmon.spi")
                        || "java.base".equals(r.getModule().getName()), m + " returns " + r);
            }
        }
    }

    @Test
    void everySpiTypeIsCovered() {
        // A new public type in the package must be added to SpiSignatures.TYPES (and so to the check).
        assertEquals(10, SpiSignatures.TYPES.size(), "update SpiSignatures.TYPES and this count together");
    }

    private static List<String> released(int version) throws IOException {
        try (InputStream in = SpiCompatibilityTest.class.getResourceAsStream("/spi-v" + version + ".signatures")) {
            if (in == null) {
                fail("no spi-v" + version + ".signatures in plugin-api/src/test/resources");
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
