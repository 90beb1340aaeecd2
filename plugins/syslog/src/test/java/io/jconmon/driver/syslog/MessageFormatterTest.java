package io.jconmon.driver.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.spi.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The exact bytes of each format's header. */
class MessageFormatterTest {
    /** 2026-03-05T07:08:09.000001999Z. */
    private static final long TIME = 1_772_694_489_000_001_999L;

    @Test
    void rfc5424HeaderInUtcWithMicroseconds() {
        MessageFormatter f = new MessageFormatter(SyslogFormat.RFC5424, 16, "host1", "my app", 42, ZoneId.of("UTC"));
        assertEquals("<134>1 2026-03-05T07:08:09.000001Z host1 my_app 42 stdout - hi", format(f, LogStream.STDOUT, "hi"));
        assertEquals("<131>1 2026-03-05T07:08:09.000001Z host1 my_app 42 stderr - ", format(f, LogStream.STDERR, ""));
    }

    @Test
    void rfc3164HeaderInLocalTimeWithSpacePaddedDayAndOptionalHost() {
        MessageFormatter network = new MessageFormatter(SyslogFormat.RFC3164, 3, "h", "web", 7, ZoneId.of("Europe/Paris"));
        assertEquals("<30>Mar  5 08:08:09 h web[7]: hi", format(network, LogStream.STDOUT, "hi"));
        MessageFormatter local = new MessageFormatter(SyslogFormat.RFC3164, 3, null, "web", 7, ZoneId.of("UTC"));
        assertEquals("<27>Mar  5 07:08:09 web[7]: oops", format(local, LogStream.STDERR, "oops"));
    }

    @Test
    void tagsAreMadePrintableAndCutToEachFormatsLimit() {
        assertEquals("a_b_c_d", new String(MessageFormatter.ascii("a b:c[d", 48, "-"), StandardCharsets.US_ASCII));
        assertEquals("-", new String(MessageFormatter.ascii("", 48, "-"), StandardCharsets.US_ASCII));
        assertEquals("x".repeat(32), new String(MessageFormatter.ascii("x".repeat(40), 32, "-"), StandardCharsets.US_ASCII));
        assertEquals("_____", new String(MessageFormatter.ascii("héllo".substring(1, 2) + "\u00e9\t\n\u2713", 48, "-"),
                StandardCharsets.US_ASCII));
    }

    private static String format(MessageFormatter f, LogStream stream, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[MessageFormatter.MAX_HEADER + content.length];
        int n = f.format(stream, TIME, content, content.length, out);
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
