package io.jconmon.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryOptionsTest {

    @Test
    void builtInDriversRunInlineInBlockingModeAndPluginsAlwaysQueued() throws Exception {
        DeliveryOptions builtIn = DeliveryOptions.extract("k8s-file", new HashMap<>(), true);
        assertFalse(builtIn.queued());
        assertFalse(builtIn.dropWhenFull());
        DeliveryOptions plugin = DeliveryOptions.extract("syslog", new HashMap<>(), false);
        assertTrue(plugin.queued());
        assertFalse(plugin.dropWhenFull());
        assertEquals(1 << 20, plugin.maxBufferBytes());
        assertEquals(5000, plugin.watchdogMillis());
    }

    @Test
    void theHostKeysAreTakenOutAndTheDriversOwnAreLeft() throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("mode", "non-blocking", "max-buffer-size", "4m",
                "watchdog", "250ms", "path", "/x"));
        DeliveryOptions d = DeliveryOptions.extract("json-file", options, true);
        assertEquals(Map.of("path", "/x"), options);
        assertTrue(d.queued());
        assertTrue(d.dropWhenFull());
        assertEquals(4 << 20, d.maxBufferBytes());
        assertEquals(250, d.watchdogMillis());
    }

    @Test
    void badValuesNameTheDriverAndTheOption() {
        assertEquals("log driver syslog: option mode must be blocking or non-blocking, not fast",
                assertThrows(LogDriverException.class,
                        () -> DeliveryOptions.extract("syslog", new HashMap<>(Map.of("mode", "fast")), false)).getMessage());
        assertTrue(assertThrows(LogDriverException.class, () -> DeliveryOptions.extract("syslog",
                new HashMap<>(Map.of("max-buffer-size", "1k")), false)).getMessage()
                .startsWith("log driver syslog: option max-buffer-size must be a size between 64k and 16m"));
        assertTrue(assertThrows(LogDriverException.class, () -> DeliveryOptions.extract("syslog",
                new HashMap<>(Map.of("max-buffer-size", "256m")), false)).getMessage()
                .endsWith("not 256m"), "a queue bigger than the monitor's heap is refused before the container starts");
        assertTrue(assertThrows(LogDriverException.class, () -> DeliveryOptions.extract("syslog",
                new HashMap<>(Map.of("watchdog", "soon")), false)).getMessage()
                .startsWith("log driver syslog: option watchdog must be a duration"));
    }
}
