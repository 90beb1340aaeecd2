package io.jconmon.driver.fluentd;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance kit applied to fluentd, against the Forward-protocol server built from the
 * specification, run in a JVM of its own so that what it stores is not counted as the driver's heap
 * by the kit's memory check. The driver waits for the server's ack of every chunk (require-ack), so when it is
 * closed the server holds everything. fluentd events are whole lines (partial records are joined,
 * as Docker's driver does; a line longer than max-line goes out in pieces marked partial_message)
 * with the line's first time stamp; reopen is the SPI's no-op. Each test's
 * events are told apart by their container_id.
 */
class FluentdConformanceTest extends LogDriverConformanceTest {
    static ForwardServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        // In a JVM of its own: the events it stores must not count as the driver's retained heap.
        server = new ForwardServerProcess();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected LogDriverFactory factory() {
        return new FluentdDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("address", "tcp://127.0.0.1:" + server.port, "require-ack", "true");
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim().withoutTimestamps().assemblingLines()
                .withReopen(DriverCapabilities.Reopen.NOT_SUPPORTED);
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws Exception {
        List<DeliveredRecord> records = new ArrayList<>();
        for (ForwardServerProcess.Event e : server.events(setup.container().id(), setup.dir().resolve("events"))) {
            LogStream stream = switch (e.source()) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new AssertionError("unknown source in " + e);
            };
            records.add(new DeliveredRecord(stream, e.log(), e.partial()));
        }
        return records;
    }
}
