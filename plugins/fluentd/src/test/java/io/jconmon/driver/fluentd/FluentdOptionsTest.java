package io.jconmon.driver.fluentd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options are checked before anything opens; each mistake names the option and the value. */
class FluentdOptionsTest {

    @Test
    void defaultsMatchDockersFluentdDriver() throws Exception {
        FluentdOptions o = FluentdOptions.parse(Map.of());
        assertEquals("tcp://localhost:24224", o.address());
        assertEquals(false, o.packedForward());
        assertEquals(false, o.requireAck());
        assertEquals(false, o.async());
        assertEquals(Duration.ofSeconds(10), o.ackTimeout());
        assertEquals(1 << 20, o.bufferSize());
        assertEquals(64 << 10, o.chunkSize());
        assertEquals(16 << 10, o.maxLine());
        assertEquals(Duration.ofSeconds(2), o.closeTimeout());
    }

    @Test
    void addressForms() throws Exception {
        assertEquals("tcp://fluent:24224", FluentdOptions.parse(Map.of("address", "fluent")).address());
        assertEquals("tcp://fluent:5000", FluentdOptions.parse(Map.of("address", "fluent:5000")).address());
        assertEquals("tcp://[::1]:5000", FluentdOptions.parse(Map.of("address", "tcp://[::1]:5000")).address());
        FluentdOptions unix = FluentdOptions.parse(Map.of("path", "/run/fluent.sock"));
        assertTrue(unix.unix());
        assertEquals("unix:///run/fluent.sock", unix.address());
    }

    @Test
    void mistakesAreRejectedWithTheOptionNamed() {
        assertMessage("fluentd: invalid address \"udp://h:1\": expected [tcp://]HOST[:PORT] or unix:///PATH",
                Map.of("address", "udp://h:1"));
        assertMessage("fluentd: invalid address \"unix://rel\": the socket path must be absolute",
                Map.of("address", "unix://rel"));
        assertMessage("fluentd: forward-mode must be forward or packed-forward, not \"message\"", Map.of("forward-mode", "message"));
        assertMessage("fluentd: require-ack must be true or false, not \"yes\"", Map.of("require-ack", "yes"));
        assertMessage("fluentd: ack-timeout must be a duration between 0 and 10m such as 500ms or 2s, not \"10\"",
                Map.of("ack-timeout", "10"));
        assertMessage("fluentd: buffer-size must be a size between 65536 and 16777216 bytes, not \"1k\"",
                Map.of("buffer-size", "1k"));
        assertMessage("fluentd: chunk-size (1048576) must be at most half of buffer-size (1048576)",
                Map.of("chunk-size", "1m"));
        assertMessage("fluentd: tag: unclosed action in template \"{{.ID\"", Map.of("tag", "{{.ID"));
        assertMessage("fluentd: -l fluentd:fluent.example is not a socket path; give a network address as"
                + " --log-opt fluentd.address=HOST:PORT (-l cuts at every ':')", Map.of("path", "fluent.example"));
        assertMessage("fluentd: give the address either as -l fluentd:PATH or as address=, not both",
                Map.of("path", "/x", "address", "h"));
    }

    private static void assertMessage(String expected, Map<String, String> options) {
        assertEquals(expected, assertThrows(LogDriverException.class, () -> FluentdOptions.parse(options)).getMessage());
    }
}
