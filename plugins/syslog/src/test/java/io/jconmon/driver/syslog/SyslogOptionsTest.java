package io.jconmon.driver.syslog;

import io.jconmon.driver.support.TagTemplate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.spi.LogDriverException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options are checked before anything opens; each mistake names the option and the value. */
class SyslogOptionsTest {

    @Test
    void defaultsAreDevLogInRfc3164AsDaemon() throws Exception {
        SyslogOptions o = SyslogOptions.parse(Map.of(), "{{.Name}}");
        assertEquals(new SyslogAddress(SyslogAddress.Kind.UNIX, null, 0, "/dev/log"), o.address());
        assertEquals(SyslogFormat.RFC3164, o.format());
        assertEquals(3, o.facility());
        assertEquals(Framing.OCTET_COUNTED, o.framing());
        assertEquals(8192, o.maxLine());
        assertEquals(1 << 20, o.bufferSize());
        assertEquals(Duration.ofSeconds(2), o.closeTimeout());
    }

    @Test
    void networkAddressesDefaultToRfc5424AndTheirWellKnownPorts() throws Exception {
        assertEquals(SyslogFormat.RFC5424, SyslogOptions.parse(Map.of("address", "udp://logs"), "x").format());
        assertEquals(514, SyslogAddress.parse("udp://logs").port());
        assertEquals(601, SyslogAddress.parse("tcp://logs").port());
        assertEquals(6514, SyslogAddress.parse("tcp://[::1]:6514").port());
        assertEquals("/run/x.sock", SyslogOptions.parse(Map.of("path", "/run/x.sock"), "x").address().path());
    }

    @Test
    void valuesAreParsed() throws Exception {
        SyslogOptions o = SyslogOptions.parse(Map.of("facility", "local7", "format", "rfc5424", "framing",
                "non-transparent", "max-line", "16k", "buffer-size", "4m", "close-timeout", "500ms"), "x");
        assertEquals(23, o.facility());
        assertEquals(Framing.NON_TRANSPARENT, o.framing());
        assertEquals(16384, o.maxLine());
        assertEquals(4 << 20, o.bufferSize());
        assertEquals(Duration.ofMillis(500), o.closeTimeout());
        assertEquals(1, SyslogOptions.parse(Map.of("facility", "1"), "x").facility());
    }

    @Test
    void mistakesAreRejectedWithTheOptionNamed() {
        assertMessage("syslog: invalid address \"udp:/x\": expected SCHEME://...", Map.of("address", "udp:/x"));
        assertMessage("syslog: invalid address \"http://x\": unknown scheme http (use unix, unixgram, unixstream, udp or tcp)",
                Map.of("address", "http://x"));
        assertMessage("syslog: invalid address \"tcp://h/p\": expected tcp://HOST[:PORT]", Map.of("address", "tcp://h/p"));
        assertMessage("syslog: invalid address \"unix://rel\": the socket path must be absolute", Map.of("address", "unix://rel"));
        assertMessage("syslog: format must be rfc5424 or rfc3164, not \"json\"", Map.of("format", "json"));
        assertMessage("syslog: unknown facility \"local8\" (a name such as daemon, user, local0..local7, or 0-23)",
                Map.of("facility", "local8"));
        assertMessage("syslog: framing must be octet-counted or non-transparent, not \"lf\"", Map.of("framing", "lf"));
        assertMessage("syslog: max-line must be a size between 16 and 1048576 bytes, not \"2m\"", Map.of("max-line", "2m"));
        assertMessage("syslog: max-line must be at most 65107 bytes over udp (a datagram holds less than 64 KiB)",
                Map.of("address", "udp://h", "max-line", "64k"));
        assertMessage("syslog: close-timeout must be a duration such as 500ms or 2s, not \"soon\"",
                Map.of("close-timeout", "soon"));
        assertMessage("syslog: tag: unsupported action \"{{.Image}}\" in template \"{{.Image}}\" (supported: "
                + TagTemplate.SUPPORTED + ")", Map.of("tag", "{{.Image}}"));
        assertMessage("syslog: -l syslog:udp is not a socket path; give a network address as"
                + " --log-opt syslog.address=udp://HOST:PORT (-l cuts at every ':')", Map.of("path", "udp"));
        assertMessage("syslog: give the address either as -l syslog:PATH or as address=, not both",
                Map.of("path", "/dev/log", "address", "udp://h"));
    }

    private static void assertMessage(String expected, Map<String, String> options) {
        assertEquals(expected, assertThrows(LogDriverException.class, () -> SyslogOptions.parse(options, "x")).getMessage());
    }
}
