package io.jconmon.driver.syslog;

import io.jconmon.spi.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Builds one syslog message: header, then the line's bytes exactly as the container wrote them
 * (RFC 5424's MSG-ANY: no BOM is added and invalid UTF-8 is passed on unchanged).
 *
 * <pre>
 * RFC 5424: &lt;PRI&gt;1 2026-11-23T16:30:44.123456Z HOST TAG PID stdout - MSG
 * RFC 3164: &lt;PRI&gt;Nov 23 16:30:44 HOST TAG[PID]: MSG   (no HOST on local sockets, as syslog(3))
 * </pre>
 *
 * <p>Severity comes from the stream: stdout is info (6), stderr is err (3).
 */
final class MessageFormatter {
    static final int INFO = 6;
    static final int ERR = 3;
    /** More than any header this class writes: PRI, time stamp, 255-byte host, tag, pid, MSGID. */
    static final int MAX_HEADER = 400;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};

    private final SyslogFormat format;
    private final int facility;
    private final byte[] host;
    private final byte[] tag;
    private final byte[] pid;
    private final ZoneId zone;

    /**
     * @param host the host name, or null to leave it out (RFC 3164 on a local socket)
     * @param zone the time zone for RFC 3164's local time stamps
     */
    MessageFormatter(SyslogFormat format, int facility, String host, String tag, long pid, ZoneId zone) {
        this.format = format;
        this.facility = facility;
        this.host = host == null ? null : ascii(host, 255, "-");
        // RFC 5424 limits APP-NAME to 48 printable characters; RFC 3164 TAG to 32.
        this.tag = ascii(tag, format == SyslogFormat.RFC5424 ? 48 : 32, "-");
        this.pid = Long.toString(pid).getBytes(StandardCharsets.US_ASCII);
        this.zone = zone;
    }

    /**
     * Writes the message for {@code content[0, length)} into {@code out} (at least
     * {@link #MAX_HEADER} + length bytes) and returns the message's length.
     */
    int format(LogStream stream, long timestampNanos, byte[] content, int length, byte[] out) {
        int at = 0;
        out[at++] = '<';
        at = decimal(facility * 8 + (stream == LogStream.STDERR ? ERR : INFO), out, at);
        out[at++] = '>';
        long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(timestampNanos, 1_000_000_000L);
        if (format == SyslogFormat.RFC5424) {
            out[at++] = '1';
            out[at++] = ' ';
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
            at = digits(t.getYear(), 4, out, at);
            out[at++] = '-';
            at = digits(t.getMonthValue(), 2, out, at);
            out[at++] = '-';
            at = digits(t.getDayOfMonth(), 2, out, at);
            out[at++] = 'T';
            at = clock(t, out, at);
            out[at++] = '.';
            at = digits(nanos / 1000, 6, out, at);
            out[at++] = 'Z';
            out[at++] = ' ';
            at = put(host, out, at);
            out[at++] = ' ';
            at = put(tag, out, at);
            out[at++] = ' ';
            at = put(pid, out, at);
            out[at++] = ' ';
            at = put(stream == LogStream.STDERR ? STDERR : STDOUT, out, at);
            out[at++] = ' ';
            out[at++] = '-';
            out[at++] = ' ';
        } else {
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, zone.getRules().getOffset(
                    java.time.Instant.ofEpochSecond(seconds)));
            at = put(MONTHS_BYTES[t.getMonthValue() - 1], out, at);
            out[at++] = ' ';
            // RFC 3164: the day is space-padded ("Nov  3").
            out[at++] = t.getDayOfMonth() < 10 ? (byte) ' ' : (byte) ('0' + t.getDayOfMonth() / 10);
            out[at++] = (byte) ('0' + t.getDayOfMonth() % 10);
            out[at++] = ' ';
            at = clock(t, out, at);
            out[at++] = ' ';
            if (host != null) {
                at = put(host, out, at);
                out[at++] = ' ';
            }
            at = put(tag, out, at);
            out[at++] = '[';
            at = put(pid, out, at);
            out[at++] = ']';
            out[at++] = ':';
            out[at++] = ' ';
        }
        System.arraycopy(content, 0, out, at, length);
        return at + length;
    }

    private static final byte[] STDOUT = "stdout".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STDERR = "stderr".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] MONTHS_BYTES = new byte[12][];

    static {
        for (int i = 0; i < 12; i++) {
            MONTHS_BYTES[i] = MONTHS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static int clock(LocalDateTime t, byte[] out, int at) {
        at = digits(t.getHour(), 2, out, at);
        out[at++] = ':';
        at = digits(t.getMinute(), 2, out, at);
        out[at++] = ':';
        return digits(t.getSecond(), 2, out, at);
    }

    private static int digits(int value, int width, byte[] out, int at) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static int decimal(int value, byte[] out, int at) {
        return digits(value, value >= 100 ? 3 : value >= 10 ? 2 : 1, out, at);
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * Header fields allow printable US-ASCII only (RFC 5424 PRINTUSASCII): anything else becomes
     * '_', and a ':' or '[' would end an RFC 3164 tag early, so they become '_' too.
     */
    static byte[] ascii(String text, int max, String ifEmpty) {
        if (text.isEmpty()) {
            text = ifEmpty;
        }
        int n = Math.min(text.length(), max);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out[i] = c > 32 && c < 127 && c != ':' && c != '[' && c != ']' ? (byte) c : (byte) '_';
        }
        return out;
    }
}
