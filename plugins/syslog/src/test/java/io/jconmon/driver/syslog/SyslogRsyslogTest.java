package io.jconmon.driver.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog driver against a real rsyslogd: every transport and both formats, as rsyslog parses
 * them (its template prints INPUT PRI TIMESTAMP HOSTNAME APP-NAME PROCID MSGID|MSG).
 */
class SyslogRsyslogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final String HOST = SyslogDriverFactory.hostName();
    /** 2025-11-24T16:06:40.123456789Z: a time stamp with sub-microsecond digits. */
    private static final long TIME = 1_764_000_400_123_456_789L;

    @TempDir
    static Path dir;
    static Rsyslog rsyslog;
    final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void startRsyslog() throws Exception {
        rsyslog = new Rsyslog(dir).start();
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        rsyslog.close();
    }

    @Test
    void rfc3164OverTheLocalDatagramSocketLooksLikeSyslog3() throws Exception {
        LogDriver driver = open("address", "unix://" + rsyslog.devLog);
        assertEquals(WriteResult.ACCEPTED, driver.write(line(LogStream.STDOUT, "dgram-3164 out")));
        assertEquals(WriteResult.ACCEPTED, driver.write(line(LogStream.STDERR, "dgram-3164 err")));
        driver.close();
        List<String> got = rsyslog.await(l -> l.contains("dgram-3164"), 2, WAIT);
        // daemon.info = 30, daemon.err = 27; the tag is the container name; no MSGID in RFC 3164.
        assertEquals(List.of(
                "imuxsock 30 " + rfc3164Time() + " " + HOST + " web " + PID + " -| dgram-3164 out",
                "imuxsock 27 " + rfc3164Time() + " " + HOST + " web " + PID + " -| dgram-3164 err"), got);
        assertEquals(0, context.droppedRecords());
    }

    @Test
    void rfc5424OverTheLocalDatagramSocketCarriesEveryHeaderField() throws Exception {
        LogDriver driver = open("address", "unixgram://" + rsyslog.devLog5424, "format", "rfc5424",
                "facility", "local3", "tag", "ctr-{{.ID}}");
        driver.write(line(LogStream.STDERR, "dgram-5424 hello"));
        driver.close();
        // local3.err = 19*8+3; MSGID names the stream; microseconds of the record's time stamp.
        assertEquals(List.of("imuxsock 155 2025-11-24T16:06:40.123456Z " + HOST + " ctr-0123456789ab " + PID
                + " stderr|dgram-5424 hello"), rsyslog.await(l -> l.contains("dgram-5424"), 1, WAIT));
    }

    @Test
    void udpCarriesBothFormats() throws Exception {
        LogDriver rfc5424 = open("address", "udp://127.0.0.1:" + rsyslog.udpPort);
        rfc5424.write(line(LogStream.STDOUT, "udp-5424 line"));
        rfc5424.close();
        LogDriver rfc3164 = open("address", "udp://127.0.0.1:" + rsyslog.udpPort, "format", "rfc3164",
                "facility", "user");
        rfc3164.write(line(LogStream.STDOUT, "udp-3164 line"));
        rfc3164.close();
        assertEquals(List.of("imudp 30 2025-11-24T16:06:40.123456Z " + HOST + " web " + PID + " stdout|udp-5424 line"),
                rsyslog.await(l -> l.contains("udp-5424"), 1, WAIT));
        // RFC 3164 over the network names the host (the local socket form does not).
        assertEquals(List.of("imudp 14 " + rfc3164Time() + " " + HOST + " web " + PID + " -| udp-3164 line"),
                rsyslog.await(l -> l.contains("udp-3164"), 1, WAIT));
    }

    @Test
    void tcpWithOctetCountingAndWithNewlineFraming() throws Exception {
        LogDriver counted = open("address", "tcp://127.0.0.1:" + rsyslog.tcpPort);
        for (int i = 0; i < 3; i++) {
            counted.write(line(LogStream.STDOUT, "tcp-counted " + i));
        }
        counted.flush();
        counted.close();
        LogDriver newline = open("address", "tcp://127.0.0.1:" + rsyslog.tcpPort, "framing", "non-transparent",
                "format", "rfc3164");
        newline.write(line(LogStream.STDERR, "tcp-newline a"));
        newline.write(line(LogStream.STDERR, "tcp-newline b"));
        newline.close();
        List<String> got = rsyslog.await(l -> l.contains("tcp-counted"), 3, WAIT);
        for (int i = 0; i < 3; i++) {
            assertEquals("imtcp 30 2025-11-24T16:06:40.123456Z " + HOST + " web " + PID + " stdout|tcp-counted " + i,
                    got.get(i));
        }
        assertEquals(List.of(), context.messages(), "nothing to report when all went well");
        assertEquals(List.of(
                "imtcp 27 " + rfc3164Time() + " " + HOST + " web " + PID + " -| tcp-newline a",
                "imtcp 27 " + rfc3164Time() + " " + HOST + " web " + PID + " -| tcp-newline b"),
                rsyslog.await(l -> l.contains("tcp-newline"), 2, WAIT));
    }

    @Test
    void unixStreamSocketsAreFoundByTheUnixSchemeAndByTheirOwn() throws Exception {
        // unix:// tries a datagram socket first, as syslog(3) does, and falls back to a stream.
        LogDriver auto = open("address", "unix://" + rsyslog.streamSocket, "format", "rfc5424");
        auto.write(line(LogStream.STDOUT, "ustream-auto"));
        auto.close();
        LogDriver explicit = open("path", rsyslog.streamSocket.toString());
        explicit.write(line(LogStream.STDOUT, "ustream-path"));
        explicit.close();
        assertEquals(List.of("imptcp 30 2025-11-24T16:06:40.123456Z " + HOST + " web " + PID + " stdout|ustream-auto"),
                rsyslog.await(l -> l.contains("ustream-auto"), 1, WAIT));
        assertEquals(1, rsyslog.await(l -> l.contains("ustream-path"), 1, WAIT).size());
    }

    @Test
    void nonAsciiAndInvalidUtf8BytesArriveUnchanged() throws Exception {
        byte[] text = concat("utf8-check héllo ✓ ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        for (String address : List.of("tcp://127.0.0.1:" + rsyslog.tcpPort, "udp://127.0.0.1:" + rsyslog.udpPort,
                "unix://" + rsyslog.devLog)) {
            LogDriver driver = open("address", address);
            driver.write(new TestRecord(LogStream.STDOUT, TIME, false, text));
            driver.close();
        }
        List<String> got = rsyslog.await(l -> l.contains("utf8-check"), 3, WAIT);
        assertEquals(3, got.size(), got.toString());
        String expected = new String(text, StandardCharsets.ISO_8859_1);
        for (String l : got) {
            assertTrue(l.endsWith(expected), l);
        }
    }

    @Test
    void partialRecordsAreAssembledAndLongLinesSplitAtMaxLine() throws Exception {
        LogDriver driver = open("address", "tcp://127.0.0.1:" + rsyslog.tcpPort, "max-line", "8k");
        // One 20000-byte line, cut by the host into partial records, then its end.
        String line = "long-line " + "abcdefghij".repeat(1999);
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < bytes.length; at += 3000) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 3000));
            assertEquals(WriteResult.ACCEPTED, driver.write(new TestRecord(LogStream.STDOUT, TIME, true, piece)));
        }
        driver.write(new TestRecord(LogStream.STDOUT, TIME, false, "!".getBytes(StandardCharsets.US_ASCII)));
        // A line shorter than max-line made of three partial records arrives as one message.
        driver.write(TestRecord.partial(TIME, "short-"));
        driver.write(TestRecord.partial(TIME, "assembled-"));
        driver.write(TestRecord.line(TIME, "line"));
        // An unfinished line goes out as it is when the monitor exits.
        driver.write(TestRecord.partial(TIME, "unfinished-at-exit"));
        driver.close();
        String all = line + "!";
        List<String> pieces = rsyslog.await(l -> message(l).matches("(long-line )?[a-j]{1000,}!?"), 3, WAIT);
        assertEquals(3, pieces.size(), pieces.toString());
        assertEquals(all.substring(0, 8192), message(pieces.get(0)));
        assertEquals(all.substring(8192, 16384), message(pieces.get(1)));
        assertEquals(all.substring(16384), message(pieces.get(2)));
        assertEquals(List.of("short-assembled-line"), rsyslog.await(l -> l.contains("short-"), 1, WAIT).stream()
                .map(SyslogRsyslogTest::message).toList());
        assertEquals(List.of("unfinished-at-exit"), rsyslog.await(l -> l.contains("unfinished-at-exit"), 1, WAIT)
                .stream().map(SyslogRsyslogTest::message).toList());
    }

    @Test
    void aReceiverThatIsNotThereFailsTheOpenWithTheReason() {
        LogDriverException missing = assertThrows(LogDriverException.class,
                () -> open("address", "unix://" + dir.resolve("nothing-here.sock")));
        assertTrue(missing.getMessage().contains("No such file or directory"), missing.getMessage());
        LogDriverException refused = assertThrows(LogDriverException.class, () -> open("address", "tcp://127.0.0.1:1"));
        assertTrue(refused.getMessage().startsWith("syslog: cannot connect to tcp://127.0.0.1:1: "), refused.getMessage());
    }

    static String message(String outputLine) {
        String m = outputLine.substring(outputLine.indexOf('|') + 1);
        return m.startsWith(" ") ? m.substring(1) : m;
    }

    /** RFC 3164's time stamp as rsyslog prints it back: local time, this year, no fraction. */
    static String rfc3164Time() {
        var t = Instant.ofEpochSecond(TIME / 1_000_000_000L).atZone(ZoneId.systemDefault());
        var now = java.time.ZonedDateTime.now(ZoneId.systemDefault());
        return t.withYear(now.getYear()).toOffsetDateTime().toString().replace("Z", "+00:00");
    }

    LogDriver open(String... keyValues) throws LogDriverException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return new SyslogDriverFactory().open(new TestContainer(), options, context);
    }

    static TestRecord line(LogStream stream, String text) {
        return new TestRecord(stream, TIME, false, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
