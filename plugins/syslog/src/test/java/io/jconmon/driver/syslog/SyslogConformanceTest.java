package io.jconmon.driver.syslog;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit applied to syslog, RFC 5424 over TCP with octet counting (every byte of a
 * message survives the framing), read back from a real rsyslogd's output file. rsyslog is told not
 * to escape control characters, so what it stores is what the driver sent, with one exception the
 * driver cannot help: rsyslog stores a NUL as {@code #000} and then drops every other control byte
 * of that message (even with escaping off), so the output cannot carry NUL. Partial records are
 * joined into lines (a line longer than max-line would go out in pieces, so max-line is raised
 * above the kit's longest). The format keeps the stream (MSGID) but no partial flag, and the time
 * stamp only to the microsecond; reopen is the SPI's no-op. Each test's messages are told apart by their APP-NAME, the container's short id.
 */
class SyslogConformanceTest extends LogDriverConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path rsyslogDir;
    static Rsyslog rsyslog;

    @BeforeAll
    static void startRsyslog() throws Exception {
        rsyslog = new Rsyslog(rsyslogDir, "global(parser.escapeControlCharactersOnReceive=\"off\")").start();
    }

    @AfterAll
    static void stopRsyslog() {
        rsyslog.close();
    }

    @Override
    protected LogDriverFactory factory() {
        return new SyslogDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("address", "tcp://127.0.0.1:" + rsyslog.tcpPort, "format", "rfc5424", "tag", "{{.ID}}",
                "max-line", "32768"); // a 24 KiB line in one message, as the kit writes one
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim().withoutTimestamps().withoutPartialFlag().assemblingLines()
                .withReopen(DriverCapabilities.Reopen.NOT_SUPPORTED).withoutNul();
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws Exception {
        String app = setup.container().shortId();
        // An end marker through a new connection, then wait until the output stops growing: rsyslog
        // has read the test's connection to its end by then.
        String marker = "tck-end-" + System.nanoTime();
        LogDriver end = factory().open(setup.container(), setup.options(), new RecordingContext());
        end.write(TestRecord.line(System.currentTimeMillis() * 1_000_000L, marker));
        end.close();
        if (rsyslog.await(l -> l.endsWith("|" + marker), 1, WAIT).isEmpty()) {
            throw new AssertionError("rsyslog did not store the end marker within " + WAIT);
        }
        long size = -1;
        while (size != Files.size(rsyslog.out)) {
            size = Files.size(rsyslog.out);
            Thread.sleep(200);
        }
        List<DeliveredRecord> records = new ArrayList<>();
        for (String line : rsyslog.lines()) {
            // INPUT PRI TIMESTAMP HOSTNAME APP-NAME PROCID MSGID|MSG
            int bar = line.indexOf('|');
            String[] header = line.substring(0, bar).split(" ");
            String msg = line.substring(bar + 1);
            if (!header[4].equals(app) || msg.equals(marker)) {
                continue;
            }
            LogStream stream = switch (header[6]) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new AssertionError("unknown MSGID in " + line);
            };
            records.add(new DeliveredRecord(stream, msg.getBytes(StandardCharsets.ISO_8859_1), false));
        }
        return records;
    }
}
