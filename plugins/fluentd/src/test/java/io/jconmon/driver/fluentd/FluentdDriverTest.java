package io.jconmon.driver.fluentd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluentd driver against a Forward-protocol server built from the specification. */
class FluentdDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** 2025-11-24T16:06:40.123456789Z. */
    private static final long TIME = 1_764_000_400_123_456_789L;
    private static final long MAX_WRITE_NANOS = 100_000_000L;

    @TempDir
    Path dir;
    final RecordingContext context = new RecordingContext();

    @Test
    void forwardModeCarriesDockerShapedRecordsWithNanosecondEventTime() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            LogDriver driver = open("address", "127.0.0.1:" + server.port());
            assertEquals(WriteResult.ACCEPTED, driver.write(line(LogStream.STDOUT, "hello out")));
            assertEquals(WriteResult.ACCEPTED, driver.write(line(LogStream.STDERR, "hello err")));
            driver.flush();
            List<ForwardServer.Event> events = server.await(2, WAIT);
            driver.close();
            assertEquals(2, events.size());
            ForwardServer.Event out = events.get(0);
            // The default tag is the short id, as Docker's {{.ID}}.
            assertEquals("0123456789ab", out.tag());
            assertEquals(1_764_000_400L, out.seconds());
            assertEquals(123_456_789L, out.nanos());
            assertEquals(Map.of("container_id", TestContainer.ID, "container_name", "/web", "source", "stdout",
                    "log", "hello out"), textMap(out.record()));
            assertEquals("stderr", events.get(1).field("source"));
            assertEquals("hello err", events.get(1).field("log"));
            // One request for the batch, Forward mode, with the size option and no chunk (no ack asked).
            List<ForwardServer.Request> requests = server.requests();
            assertEquals(1, requests.size());
            assertEquals("Forward", requests.get(0).mode());
            assertEquals(Map.of("size", "2"), textMap(requests.get(0).option()));
            assertEquals(List.of(), server.errors());
            assertEquals(List.of(), context.messages(), "nothing to report when all went well");
        }
    }

    @Test
    void packedForwardModeSendsTheEntriesAsBin() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            LogDriver driver = open("address", "tcp://127.0.0.1:" + server.port(), "forward-mode", "packed-forward",
                    "tag", "docker.{{.Name}}");
            for (int i = 0; i < 20; i++) {
                driver.write(line(LogStream.STDOUT, "packed " + i));
            }
            driver.flush();
            List<ForwardServer.Event> events = server.await(20, WAIT);
            driver.close();
            assertEquals(20, events.size());
            for (int i = 0; i < 20; i++) {
                assertEquals("packed " + i, events.get(i).field("log"));
                assertEquals("docker.web", events.get(i).tag());
            }
            assertEquals("PackedForward", server.requests().get(0).mode());
            assertEquals(0xc4, server.requests().get(0).entriesFormat(), "bin, as the spec says a client SHOULD");
        }
    }

    @Test
    void aUnixSocketIsReachedByPathAndByAddress() throws Exception {
        Path socket = dir.resolve("fluent.sock");
        try (ForwardServer server = ForwardServer.unix(socket, true)) {
            LogDriver byPath = open("path", socket.toString());
            byPath.write(line(LogStream.STDOUT, "via -l fluentd:PATH"));
            byPath.close();
            LogDriver byAddress = open("address", "unix://" + socket);
            byAddress.write(line(LogStream.STDOUT, "via address"));
            byAddress.close();
            List<ForwardServer.Event> events = server.await(2, WAIT);
            // Two connections, served by two server threads: the order between them is not defined.
            assertEquals(Set.of("via -l fluentd:PATH", "via address"),
                    Set.copyOf(events.stream().map(e -> e.field("log")).toList()));
        }
    }

    @Test
    void requireAckSendsAChunkIdAndTheDriverWaitsForItsAck() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            LogDriver driver = open("address", "127.0.0.1:" + server.port(), "require-ack", "true");
            for (int batch = 0; batch < 3; batch++) {
                driver.write(line(LogStream.STDOUT, "acked " + batch));
                driver.flush();
            }
            server.await(3, WAIT);
            long start = System.nanoTime();
            driver.close(); // every chunk is acknowledged: nothing to wait for, nothing lost
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
            assertEquals(0, context.droppedRecords());
            Set<String> ids = new HashSet<>();
            for (ForwardServer.Event e : server.events()) {
                assertEquals(16, Base64.getDecoder().decode(e.chunk()).length, "128 bits in Base64");
                ids.add(e.chunk());
            }
            assertEquals(3, ids.size(), "one id per chunk");
        }
    }

    @Test
    void chunksAreResentAfterTheServerRestartsAndNoneIsLost() throws Exception {
        ForwardServer first = ForwardServer.tcp(0, true);
        int port = first.port();
        LogDriver driver = open("address", "127.0.0.1:" + port, "require-ack", "true", "ack-timeout", "1s");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add("before " + i);
            driver.write(line(LogStream.STDOUT, "before " + i));
            driver.flush();
        }
        first.await(5, WAIT);
        flushFor(driver, Duration.ofMillis(200)); // read the acks
        first.close();
        for (int i = 0; i < 5; i++) {
            sent.add("during " + i);
            assertEquals(WriteResult.ACCEPTED, timedWrite(driver, line(LogStream.STDOUT, "during " + i)));
            driver.flush();
        }
        try (ForwardServer second = ForwardServer.tcp(port, true)) {
            sent.add("after");
            driver.write(line(LogStream.STDOUT, "after"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (second.events().size() < 6 && System.nanoTime() < deadline) {
                driver.flush(); // the driver has no thread: the host's flushes move it on
                Thread.sleep(20);
            }
            driver.close();
            List<String> received = new ArrayList<>();
            first.events().forEach(e -> received.add(e.field("log")));
            second.events().forEach(e -> received.add(e.field("log")));
            assertEquals(sent, received, "every line once, in order");
            assertEquals(0, context.droppedRecords());
            assertTrue(context.messages().stream().anyMatch(m -> m.contains("fluentd: lost tcp://127.0.0.1:" + port)),
                    context.messages().toString());
        }
    }

    @Test
    void aServerThatNeverAcksGetsTheChunkAgainAndNeverStallsTheContainer() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, false)) {
            LogDriver driver = open("address", "127.0.0.1:" + server.port(), "require-ack", "true",
                    "ack-timeout", "300ms", "buffer-size", "64k", "chunk-size", "8k", "close-timeout", "300ms");
            driver.write(line(LogStream.STDOUT, "unacked"));
            driver.flush();
            flushFor(driver, Duration.ofMillis(800)); // past the ack timeout, then reconnected and resent
            List<ForwardServer.Event> events = server.events();
            assertTrue(events.size() >= 2, "resent after the ack timeout: " + events.size());
            assertEquals(events.get(0).chunk(), events.get(1).chunk(), "the same chunk id again");
            assertTrue(events.get(1).connection() > events.get(0).connection(), "on a new connection");

            // The buffer fills with unacknowledged chunks; writes then stop being accepted, quickly.
            String big = "z".repeat(4000);
            List<WriteResult> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(timedWrite(driver, line(LogStream.STDOUT, big)));
                driver.flush();
            }
            assertTrue(results.contains(WriteResult.ACCEPTED), results.toString());
            assertTrue(results.stream().skip(50).noneMatch(r -> r == WriteResult.ACCEPTED),
                    "64 KiB hold about 16 lines: " + results);
            long start = System.nanoTime();
            driver.close();
            long closeMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closeMillis >= 250 && closeMillis < 2000, "close took " + closeMillis + " ms");
            assertTrue(context.droppedRecords() > 0, "what was never acknowledged is counted as lost");
        }
    }

    @Test
    void partialRecordsAreAssembledAndLongLinesCutIntoMarkedPieces() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            LogDriver driver = open("address", "127.0.0.1:" + server.port(), "max-line", "1k");
            byte[] invalid = {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xc3, ' ', (byte) 0xe2, (byte) 0x9c, (byte) 0x93};
            driver.write(new TestRecord(LogStream.STDOUT, TIME, true, "é-part ".getBytes(StandardCharsets.UTF_8)));
            driver.write(new TestRecord(LogStream.STDOUT, TIME, false, invalid));
            String longLine = "0123456789".repeat(250);
            for (int at = 0; at < longLine.length(); at += 600) {
                driver.write(new TestRecord(LogStream.STDERR, TIME, true,
                        longLine.substring(at, Math.min(longLine.length(), at + 600)).getBytes(StandardCharsets.US_ASCII)));
            }
            driver.write(new TestRecord(LogStream.STDERR, TIME, false, new byte[0]));
            driver.write(TestRecord.partial(TIME, "unfinished"));
            driver.close();
            List<ForwardServer.Event> events = server.await(5, WAIT);
            assertEquals(5, events.size());
            byte[] expected = concat("é-part ".getBytes(StandardCharsets.UTF_8), invalid);
            assertArrayEquals(expected, events.get(0).logBytes(), "bytes unchanged, invalid UTF-8 included");
            assertNull(events.get(0).field("partial_message"));
            assertEquals(longLine.substring(0, 1024), events.get(1).field("log"));
            assertEquals("true", events.get(1).field("partial_message"));
            assertEquals(longLine.substring(1024, 2048), events.get(2).field("log"));
            assertEquals(longLine.substring(2048), events.get(3).field("log"));
            assertNull(events.get(3).field("partial_message"));
            assertEquals("unfinished", events.get(4).field("log"));
            assertEquals("true", events.get(4).field("partial_message"));
        }
    }

    @Test
    void labelsBecomeRecordFields() throws Exception {
        try (ForwardServer server = ForwardServer.tcp(0, true)) {
            LogDriver driver = new FluentdDriverFactory().open(new TestContainer(TestContainer.ID, Optional.of("web"),
                    Map.of("team", "infra")), Map.of("address", "127.0.0.1:" + server.port()), context);
            driver.write(line(LogStream.STDOUT, "labelled"));
            driver.close();
            assertEquals("infra", server.await(1, WAIT).get(0).field("team"));
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheOpenUnlessAsync() throws Exception {
        int port;
        try (ForwardServer probe = ForwardServer.tcp(0, true)) {
            port = probe.port();
        }
        LogDriverException e = assertThrows(LogDriverException.class, () -> open("address", "127.0.0.1:" + port));
        assertTrue(e.getMessage().startsWith("fluentd: cannot connect to tcp://127.0.0.1:" + port + ": "), e.getMessage());

        LogDriver driver = open("address", "127.0.0.1:" + port, "async", "true");
        assertEquals(WriteResult.ACCEPTED, timedWrite(driver, line(LogStream.STDOUT, "early")));
        driver.flush();
        try (ForwardServer server = ForwardServer.tcp(port, true)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (server.events().isEmpty() && System.nanoTime() < deadline) {
                driver.flush();
                Thread.sleep(20);
            }
            driver.close();
            assertEquals("early", server.events().get(0).field("log"));
        }
    }

    private static void flushFor(LogDriver driver, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            driver.flush();
            Thread.sleep(10);
        }
    }

    private static WriteResult timedWrite(LogDriver driver, TestRecord record) {
        long start = System.nanoTime();
        WriteResult result = driver.write(record);
        long took = System.nanoTime() - start;
        assertTrue(took < MAX_WRITE_NANOS, "write took " + took / 1_000_000 + " ms");
        return result;
    }

    private LogDriver open(String... keyValues) throws LogDriverException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return new FluentdDriverFactory().open(new TestContainer(), options, context);
    }

    private static TestRecord line(LogStream stream, String text) {
        return new TestRecord(stream, TIME, false, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> textMap(Map<Object, Object> map) {
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), String.valueOf(v)));
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
