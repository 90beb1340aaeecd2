package io.jconmon.driver.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestContainer;
import io.jconmon.tck.TestRecord;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog driver when its receiver goes away or stops reading: writes stay short, losses are
 * reported (DROPPED, counted by the host), a slow receiver gets backpressure (RETRY_LATER), and
 * delivery resumes when a real rsyslogd comes back.
 */
class SyslogOutageTest {
    /**
     * No write may take longer than this, whatever the receiver does: far below the 2 s connect
     * limit a blocking write would hit, and far above a descheduled thread on a busy 2-core CI host
     * (100 ms was seen to flake there).
     */
    private static final long MAX_WRITE_NANOS = 500_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    final RecordingContext context = new RecordingContext();

    @Test
    void tcpQueuesWhileRsyslogIsDownDropsWhenTheQueueIsFullAndResendsAfterItRestarts() throws Exception {
        try (Rsyslog rsyslog = new Rsyslog(dir).start()) {
            LogDriver driver = open("address", "tcp://127.0.0.1:" + rsyslog.tcpPort, "buffer-size", "64k");
            assertEquals(WriteResult.ACCEPTED, driver.write(line("before")));
            driver.flush();
            assertEquals(1, rsyslog.await(l -> l.endsWith("|before"), 1, WAIT).size());
            rsyslog.stop();

            // About 300 KiB while it is down: the first 64 KiB are queued, the rest dropped.
            List<WriteResult> results = new ArrayList<>();
            String pad = "x".repeat(200);
            for (int i = 0; i < 1500; i++) {
                results.add(timedWrite(driver, line("during-" + i + " " + pad)));
            }
            long accepted = results.stream().filter(r -> r == WriteResult.ACCEPTED).count();
            long dropped = results.stream().filter(r -> r == WriteResult.DROPPED).count();
            assertTrue(accepted > 100 && accepted < 400, "queued " + accepted);
            assertEquals(1500, accepted + dropped, "only ACCEPTED or DROPPED while down: " + results);
            assertTrue(context.messages().stream().anyMatch(m -> m.contains("lost tcp://")), context.messages().toString());

            rsyslog.start();
            assertEquals(WriteResult.ACCEPTED, timedWrite(driver, line("after")));
            List<String> after = awaitWhileFlushing(driver, rsyslog, l -> l.endsWith("|after"), 1);
            assertEquals(1, after.size(), "delivery resumed after the restart");
            List<String> during = rsyslog.await(l -> l.contains("|during-"), (int) accepted, Duration.ofSeconds(2));
            // Exactly the queued lines arrive, in order, each once; none of the dropped ones.
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == WriteResult.ACCEPTED) {
                    expected.add("during-" + i + " " + pad);
                }
            }
            assertEquals(expected, during.stream().map(SyslogRsyslogTest::message).toList());
            driver.close();
        }
    }

    @Test
    void theLocalDatagramSocketDropsWhileRsyslogIsDownAndDeliversWhenItIsBack() throws Exception {
        try (Rsyslog rsyslog = new Rsyslog(dir).start()) {
            LogDriver driver = open("address", "unix://" + rsyslog.devLog);
            assertEquals(WriteResult.ACCEPTED, driver.write(line("dgram-before")));
            rsyslog.stop();
            for (int i = 0; i < 100; i++) {
                assertEquals(WriteResult.DROPPED, timedWrite(driver, line("dgram-during-" + i)));
            }
            rsyslog.start();
            Thread.sleep(300); // the driver connects again at most every 200 ms
            assertEquals(WriteResult.ACCEPTED, timedWrite(driver, line("dgram-after")));
            driver.close();
            assertEquals(1, rsyslog.await(l -> l.endsWith("dgram-after"), 1, WAIT).size());
            assertEquals(0, rsyslog.lines().stream().filter(l -> l.contains("dgram-during")).count());
            assertTrue(context.messages().stream().anyMatch(m -> m.contains("dropped and counted")), context.messages().toString());
        }
    }

    @Test
    void aBurstTheLocalSocketCannotTakeIsDroppedCountedAndWarnedAboutOnce() throws Exception {
        try (Rsyslog rsyslog = new Rsyslog(dir).start()) {
            LogDriver driver = open("address", "unix://" + rsyslog.devLog);
            // Far more than the socket's queue (net.unix.max_dgram_qlen, 512 by default) at once.
            String pad = "b".repeat(500);
            long dropped = 0;
            for (int i = 0; i < 50_000; i++) {
                if (timedWrite(driver, line("burst-" + i + " " + pad)) == WriteResult.DROPPED) {
                    dropped++;
                }
            }
            driver.close();
            assertTrue(dropped > 0, "a burst beyond the receiver's queue loses datagrams (EAGAIN)");
            assertEquals(1, context.messages().size(), "one warning, not one per failed send: " + context.messages().size());
            assertTrue(context.messages().get(0).contains("the receiver is not keeping up"), context.messages().get(0));
        }
    }

    @Test
    void udpNeverWaitsAndCountsWhatTheKernelReportsAsRefused() throws Exception {
        try (Rsyslog rsyslog = new Rsyslog(dir).start()) {
            LogDriver driver = open("address", "udp://127.0.0.1:" + rsyslog.udpPort);
            rsyslog.stop();
            long dropped = 0;
            for (int i = 0; i < 50; i++) {
                if (timedWrite(driver, line("udp-during-" + i)) == WriteResult.DROPPED) {
                    dropped++;
                }
                Thread.sleep(2); // let the ICMP port-unreachable arrive
            }
            assertTrue(dropped > 0, "refusals are reported as DROPPED");
            rsyslog.start();
            assertEquals(WriteResult.ACCEPTED, timedWrite(driver, line("udp-after")));
            driver.close();
            assertEquals(1, rsyslog.await(l -> l.endsWith("udp-after"), 1, WAIT).size());
        }
    }

    @Test
    void aReceiverThatStopsReadingGetsBackpressureAndCloseWaitsOnlyItsTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LogDriver driver = open("address", "tcp://127.0.0.1:" + server.getLocalPort(), "buffer-size", "64k",
                    "close-timeout", "300ms");
            try (Socket peer = server.accept()) { // connected, never read
                assertTrue(peer.isConnected());
                // Fill every buffer on the way (the kernel's grow for a while): until 25 writes in a row,
                // 20 ms apart, are refused with RETRY_LATER, and none is ever dropped.
                String big = "y".repeat(8000);
                int refusedInARow = 0;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (refusedInARow < 25 && System.nanoTime() < deadline) {
                    WriteResult result = timedWrite(driver, line(big));
                    assertTrue(result == WriteResult.ACCEPTED || result == WriteResult.RETRY_LATER, result.toString());
                    if (result == WriteResult.RETRY_LATER) {
                        refusedInARow++;
                        Thread.sleep(20);
                    } else {
                        refusedInARow = 0;
                    }
                }
                assertEquals(25, refusedInARow, "backpressure while the receiver does not read");
                long start = System.nanoTime();
                driver.close();
                long closeMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(closeMillis >= 250 && closeMillis < 1500, "close took " + closeMillis + " ms");
                assertTrue(context.droppedRecords() > 0, "undelivered queued messages are counted");
            }
        }
    }

    private static WriteResult timedWrite(LogDriver driver, TestRecord record) {
        long start = System.nanoTime();
        WriteResult result = driver.write(record);
        long took = System.nanoTime() - start;
        assertTrue(took < MAX_WRITE_NANOS, "write took " + took / 1_000_000 + " ms");
        return result;
    }

    /** The driver has no thread: queued messages move when the host calls flush, as after every read. */
    private static List<String> awaitWhileFlushing(LogDriver driver, Rsyslog rsyslog,
                                                   java.util.function.Predicate<String> matching, int count)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            driver.flush();
            found = rsyslog.await(matching, count, Duration.ZERO);
            if (found.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        return found;
    }

    private LogDriver open(String... keyValues) throws LogDriverException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return new SyslogDriverFactory().open(new TestContainer(), options, context);
    }

    private static TestRecord line(String text) {
        return new TestRecord(LogStream.STDOUT, System.currentTimeMillis() * 1_000_000L, false,
                text.getBytes(StandardCharsets.UTF_8));
    }
}
