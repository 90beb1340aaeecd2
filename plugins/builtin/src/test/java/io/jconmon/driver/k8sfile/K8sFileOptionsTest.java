package io.jconmon.driver.k8sfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.spi.LogDriverException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class K8sFileOptionsTest {

    private static String rejection(Map<String, String> options) {
        return assertThrows(LogDriverException.class, () -> K8sFileOptions.parse(options)).getMessage();
    }

    @Test
    void onlyPathIsNeededAndTheDefaultsAreUnlimitedWithSync() throws Exception {
        assertEquals(new K8sFileOptions(Path.of("/l/ctr.log"), 0, 0, true),
                K8sFileOptions.parse(Map.of("path", "/l/ctr.log")));
    }

    @Test
    void sizesAndSyncAreTakenAsGivenAndNonPositiveSizesMeanUnlimited() throws Exception {
        assertEquals(new K8sFileOptions(Path.of("ctr.log"), 1000, 16_777_216, false),
                K8sFileOptions.parse(Map.of("path", "ctr.log", "max-size", "1000",
                        "global-max-size", "16777216", "sync-on-close", "false")));
        assertEquals(new K8sFileOptions(Path.of("ctr.log"), 0, 0, true),
                K8sFileOptions.parse(Map.of("path", "ctr.log", "max-size", "-1",
                        "global-max-size", "0", "sync-on-close", "true")));
    }

    @Test
    void missingOrEmptyPathIsRejectedWithConmonsMessage() {
        assertEquals("k8s-file requires a filename", rejection(Map.of()));
        assertEquals("k8s-file requires a filename", rejection(Map.of("path", "")));
    }

    @Test
    void badValuesAreRejectedNamingDriverAndOption() {
        assertEquals("k8s-file: option max-size: not a number: \"x\"",
                rejection(Map.of("path", "p", "max-size", "x")));
        assertEquals("k8s-file: option global-max-size: not a number: \"1k\"",
                rejection(Map.of("path", "p", "global-max-size", "1k")));
        assertEquals("k8s-file: option max-size: not a number: \"99999999999999999999\"",
                rejection(Map.of("path", "p", "max-size", "99999999999999999999")));
        assertEquals("k8s-file: option sync-on-close: not true or false: \"yes\"",
                rejection(Map.of("path", "p", "sync-on-close", "yes")));
        assertEquals("k8s-file: option path: not a valid path: \"a\0b\"",
                rejection(Map.of("path", "a\0b")));
    }

    @Test
    void rotationIsOffByDefaultAndItsOptionsAreTakenAsGiven() throws Exception {
        var defaults = K8sFileOptions.parse(Map.of("path", "p"));
        assertEquals(false, defaults.rotate());
        assertEquals(1, defaults.maxFiles());
        assertEquals(List.of(), defaults.allowlistDirs());
        assertEquals(false, defaults.compress());
        assertEquals(new K8sFileOptions(Path.of("p"), 10, 0, true, true, 5,
                        List.of(Path.of("/var/log"), Path.of("/srv/logs")), true),
                K8sFileOptions.parse(Map.of("path", "p", "max-size", "10", "rotate", "true", "max-files", "5",
                        "allowlist-dir", "/var/log::/srv/logs:", "compress", "true")));
    }

    @Test
    void badRotationValuesAreRejectedNamingDriverAndOption() {
        assertEquals("k8s-file: option max-files: not a number: \"x\"",
                rejection(Map.of("path", "p", "max-files", "x")));
        assertEquals("k8s-file: option max-files: must be at least 1: \"0\"",
                rejection(Map.of("path", "p", "max-files", "0")));
        assertEquals("k8s-file: option max-files: must be at least 1: \"-3\"",
                rejection(Map.of("path", "p", "max-files", "-3")));
        assertEquals("k8s-file: option rotate: not true or false: \"1\"",
                rejection(Map.of("path", "p", "rotate", "1")));
        assertEquals("k8s-file: option compress: not true or false: \"gzip\"",
                rejection(Map.of("path", "p", "compress", "gzip")));
        assertEquals("k8s-file: option allowlist-dir: not a valid path: \"a\0b\"",
                rejection(Map.of("path", "p", "allowlist-dir", "/ok:a\0b")));
        assertEquals("k8s-file: option bogus: not supported", rejection(Map.of("path", "p", "bogus", "1")));
    }
}
