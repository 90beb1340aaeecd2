package io.jconmon.core.journald;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit applied to journald, against the real journald (scripts/setup-host.sh starts
 * it): entries are read back with {@code journalctl -o export}, filtered by the test's unique
 * CONTAINER_ID_FULL. journald keeps no per-record timestamp of ours and joins partial records into
 * lines (conmon-interface.md §5.3.3); reopen does nothing.
 */
class JournaldConformanceTest extends LogDriverConformanceTest {

    /** How long journald may take to store what was sent before the test gives up on it. */
    private static final long STORE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @BeforeEach
    void journaldIsRunning() {
        // Not a skip: without journald this driver cannot be shown to work, so the test fails.
        assertTrue(Files.exists(Path.of(JournaldDriver.SOCKET)), "journald is not running ("
                + JournaldDriver.SOCKET + " is missing): start it as scripts/setup-host.sh does");
    }

    @Override
    protected LogDriverFactory factory() {
        return new JournaldDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of();
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim()
                .withoutTimestamps()
                .assemblingLines()
                .withReopen(DriverCapabilities.Reopen.NOT_SUPPORTED);
    }

    @Override
    protected int recordsForMemoryCheck() {
        return 2000; // 8 MiB into the shared journal is enough to see a leak
    }

    /**
     * Sends an end marker through another instance of the driver, waits until journald stored it
     * (it handles its socket in order, so everything sent earlier is stored too), and returns the
     * container's entries before it.
     */
    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws Exception {
        String marker = "conformance read-back marker " + UUID.randomUUID();
        LogDriver sender = factory().open(setup.container(), setup.options(), new RecordingContext());
        WriteResult sent = sender.write(TestRecord.line(0, marker));
        sender.close();
        if (sent != WriteResult.ACCEPTED) {
            throw new AssertionError("could not send the read-back marker to journald: " + sent);
        }
        long deadline = System.nanoTime() + STORE_TIMEOUT_NANOS;
        while (true) {
            List<Map<String, byte[]>> entries = export(setup.container().id());
            List<DeliveredRecord> records = new ArrayList<>();
            for (Map<String, byte[]> entry : entries) {
                String message = new String(entry.get("MESSAGE"), StandardCharsets.UTF_8);
                if (message.equals(marker + "\n")) {
                    return records;
                }
                if (!message.startsWith("conformance read-back marker ")) {
                    records.add(record(entry));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("journald did not store the read-back marker within 30 s; entries so far: "
                        + records.size());
            }
            Thread.sleep(50);
        }
    }

    /** A journal entry as the driver sent it: PRIORITY tells the stream, complete lines end in a newline. */
    private static DeliveredRecord record(Map<String, byte[]> entry) {
        byte[] message = entry.get("MESSAGE");
        String priority = new String(entry.get("PRIORITY"), StandardCharsets.US_ASCII);
        LogStream stream = switch (priority) {
            case "6" -> LogStream.STDOUT;
            case "3" -> LogStream.STDERR;
            default -> throw new AssertionError("PRIORITY " + priority);
        };
        byte[] partialField = entry.get("CONTAINER_PARTIAL_MESSAGE");
        boolean partial = partialField != null && new String(partialField, StandardCharsets.US_ASCII).equals("true");
        if (partial) {
            return new DeliveredRecord(stream, message, true);
        }
        if (message.length == 0 || message[message.length - 1] != '\n') {
            throw new AssertionError("a complete entry's MESSAGE does not end with a newline: "
                    + new String(message, StandardCharsets.UTF_8));
        }
        return new DeliveredRecord(stream, Arrays.copyOf(message, message.length - 1), false);
    }

    /** {@code journalctl -o export CONTAINER_ID_FULL=ID}, parsed: one map of fields per entry, in order. */
    private static List<Map<String, byte[]>> export(String containerId) throws IOException, InterruptedException {
        Process journalctl = new ProcessBuilder("journalctl", "--no-pager", "-o", "export",
                "CONTAINER_ID_FULL=" + containerId)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = journalctl.getInputStream().readAllBytes();
        int status = journalctl.waitFor();
        if (status != 0) {
            throw new AssertionError("journalctl exited with " + status);
        }
        return JournalExport.parse(out);
    }
}
