package io.jconmon.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.config.LogLevel;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFanoutTest {
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final Diagnostics diagnostics = new Diagnostics(LogLevel.DEBUG, false, "cid", null,
            new PrintStream(messages, true, StandardCharsets.UTF_8));
    private final byte[] buffer = new byte[65536];
    private final ReusableRecord record = new ReusableRecord(buffer);

    private DriverSlot slot(String name, ScriptedDriver driver) {
        return new DriverSlot(name, driver, new HostDriverContext(name, diagnostics), diagnostics);
    }

    private DriverSlot queued(String name, ScriptedDriver driver, Map<String, String> options) throws Exception {
        HostDriverContext context = new HostDriverContext(name, diagnostics);
        DeliveryOptions delivery = DeliveryOptions.extract(name, new java.util.HashMap<>(options), false);
        return new DriverSlot(name, new QueuedDriver(name, driver, delivery, context, diagnostics), context, diagnostics);
    }

    private void send(LogFanout fanout, LogStream stream, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, buffer, 100, b.length); // not at offset 0: the view must honour start
        record.set(stream, 1L, false, 100, 100 + b.length);
        fanout.record(record);
    }

    private static List<String> lines(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void aDriverThatAsksToRetryGetsEveryRecordInOrderAndTheOtherDriverIsNotHeldBack() throws Exception {
        ScriptedDriver slow = new ScriptedDriver();
        slow.retriesLeft = 3;
        ScriptedDriver fast = new ScriptedDriver();
        LogFanout fanout = new LogFanout(List.of(slot("slow", slow), slot("fast", fast)));
        for (String line : lines("line", 5)) {
            send(fanout, LogStream.STDOUT, line);
        }
        assertEquals(lines("stdout:line", 5), fast.taken, "the other driver has everything at once");
        assertTrue(slow.taken.isEmpty());
        assertTrue(fanout.hasBacklog());
        fanout.close();
        assertEquals(lines("stdout:line", 5), slow.taken, "nothing lost, nothing reordered");
        assertTrue(fanout.droppedBy("slow").isZero());
    }

    @Test
    void backpressurePausesReadingUntilTheDriverCatchesUp() throws Exception {
        ScriptedDriver slow = new ScriptedDriver();
        slow.retriesLeft = 4;
        LogFanout fanout = new LogFanout(List.of(slot("slow", slow)));
        List<String> flow = new ArrayList<>();
        try (EventLoop loop = new EventLoop(flow::add)) {
            fanout.startFlowControl(loop, new LogFanout.FlowControl() {
                @Override
                public void pauseReading() {
                    flow.add("pause");
                }

                @Override
                public void resumeReading() {
                    flow.add("resume");
                }
            });
            send(fanout, LogStream.STDERR, "a");
            send(fanout, LogStream.STDOUT, "b");
            fanout.endOfBatch();
            assertEquals(List.of("pause"), flow);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (fanout.hasBacklog() && System.nanoTime() < deadline) {
                loop.runOnce();
            }
        }
        assertEquals(List.of("pause", "resume"), flow);
        assertEquals(List.of("stderr:a", "stdout:b"), slow.taken);
    }

    @Test
    void aThrowingDriverIsDisabledAndCountedWhileTheOtherGetsEverything() {
        ScriptedDriver broken = new ScriptedDriver();
        broken.throwAt = 2;
        ScriptedDriver good = new ScriptedDriver();
        LogFanout fanout = new LogFanout(List.of(slot("broken", broken), slot("good", good)));
        for (String line : lines("x", 10)) {
            send(fanout, LogStream.STDOUT, line);
        }
        fanout.close();
        assertEquals(lines("stdout:x", 10), good.taken);
        assertEquals(lines("stdout:x", 2), broken.taken);
        assertEquals(8, fanout.droppedBy("broken").records(LogStream.STDOUT));
        assertEquals(8 * 2, fanout.droppedBy("broken").bytes(LogStream.STDOUT));
        assertTrue(messages.toString(StandardCharsets.UTF_8).contains("log driver broken threw"), messages::toString);
    }

    @Test
    void aQueuedDriverRunsOnItsOwnThreadAndGetsEverythingByClose() throws Exception {
        ScriptedDriver plugin = new ScriptedDriver();
        LogFanout fanout = new LogFanout(List.of(queued("plugin", plugin, Map.of())));
        for (String line : lines("q", 100)) {
            send(fanout, LogStream.STDOUT, line);
        }
        fanout.close();
        assertEquals(lines("stdout:q", 100), plugin.taken);
        assertTrue(plugin.closed);
        assertFalse(plugin.threads.contains(Thread.currentThread().getName()));
    }

    @Test
    void nonBlockingModeDropsWhenTheQueueIsFullCountsItAndSaysSoWhenDeliveryResumes() throws Exception {
        ScriptedDriver plugin = new ScriptedDriver();
        plugin.sleepMillis = 20;
        LogFanout fanout = new LogFanout(List.of(queued("plugin", plugin,
                Map.of("mode", "non-blocking", "max-buffer-size", "64k"))));
        String line = "y".repeat(1000);
        int sent = 200; // 200 KB into a 64 KiB queue while the driver takes 50 records/s
        for (int i = 0; i < sent; i++) {
            send(fanout, LogStream.STDOUT, line);
        }
        assertFalse(fanout.hasBacklog(), "non-blocking mode never pauses reading");
        long dropped = fanout.droppedBy("plugin").records(LogStream.STDOUT);
        assertTrue(dropped > 0, "some records were dropped");
        plugin.sleepMillis = 0;
        Thread.sleep(2000); // let the queue drain, so the next record finds room
        send(fanout, LogStream.STDOUT, "after");
        fanout.close();
        long announced = 0;
        int markers = 0;
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "stdout:jconmon: log driver plugin dropped (\\d+) records \\((\\d+) bytes\\) of stdout because its queue was full");
        for (String t : plugin.taken) {
            java.util.regex.Matcher m = p.matcher(t);
            if (m.matches()) {
                markers++;
                announced += Long.parseLong(m.group(1));
                assertEquals(Long.parseLong(m.group(1)) * 1000, Long.parseLong(m.group(2)));
            }
        }
        assertEquals(dropped, announced, "every drop is announced in the log itself");
        assertEquals("stdout:after", plugin.taken.getLast());
        assertEquals(sent - dropped + 1, plugin.taken.size() - markers);
    }

    @Test
    void aHangingPluginIsCaughtByTheWatchdogAndNeverStallsReading() throws Exception {
        ScriptedDriver plugin = new ScriptedDriver();
        plugin.hang = true;
        ScriptedDriver k8s = new ScriptedDriver();
        LogFanout fanout = new LogFanout(List.of(slot("k8s-file", k8s),
                queued("plugin", plugin, Map.of("max-buffer-size", "64k", "watchdog", "300ms"))));
        List<String> flow = new ArrayList<>();
        String line = "z".repeat(1000);
        try (EventLoop loop = new EventLoop(flow::add)) {
            fanout.startFlowControl(loop, new LogFanout.FlowControl() {
                @Override
                public void pauseReading() {
                    flow.add("pause");
                }

                @Override
                public void resumeReading() {
                    flow.add("resume");
                }
            });
            for (int i = 0; i < 200; i++) {
                send(fanout, LogStream.STDOUT, line);
            }
            fanout.endOfBatch();
            assertEquals(List.of("pause"), flow, "blocking mode: a full queue pauses reading first");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (fanout.hasBacklog() && System.nanoTime() < deadline) {
                loop.runOnce();
            }
            assertEquals(List.of("pause", "resume"), flow, "the watchdog released the container");
            for (int i = 200; i < 300; i++) {
                send(fanout, LogStream.STDOUT, line);
            }
            fanout.endOfBatch();
            assertEquals(List.of("pause", "resume"), flow, "no more pauses for a driver that hung once");
        }
        long start = System.nanoTime();
        fanout.close();
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "close gives up on a hung driver");
        assertEquals(300, k8s.taken.size(), "the inline driver has every record");
        long dropped = fanout.droppedBy("plugin").records(LogStream.STDOUT);
        assertEquals(300, dropped + plugin.taken.size() + 1, "everything the plugin missed is counted (one is stuck in its write)");
        String text = messages.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("log driver plugin has been inside one call for more than 300 ms"), text);
        assertTrue(text.contains("log driver plugin made no progress for 300 ms at exit"), text);
        plugin.release.countDown();
    }

    @Test
    void aSlowPluginGetsEverythingQueuedAtExitWhileItMakesProgress() throws Exception {
        // Found end to end (PluginIsolationTest): close() gave every plugin the watchdog time in all,
        // so a slow but healthy driver lost its whole queue at each exit, in blocking mode.
        ScriptedDriver plugin = new ScriptedDriver();
        plugin.sleepMillis = 2;
        LogFanout fanout = new LogFanout(List.of(queued("plugin", plugin, Map.of("watchdog", "100ms"))));
        for (int i = 0; i < 300; i++) {
            send(fanout, LogStream.STDOUT, "line " + i);
        }
        fanout.endOfBatch();
        long start = System.nanoTime();
        fanout.close(); // about 300 x 2 ms of work queued: far more than the watchdog
        long took = System.nanoTime() - start;
        assertEquals(300, plugin.taken.size(), "a driver that keeps taking records gets them all");
        assertEquals("stdout:line 299", plugin.taken.getLast());
        assertEquals(0, fanout.droppedBy("plugin").records(LogStream.STDOUT));
        assertTrue(took > 200_000_000L, "close waited for the slow driver: " + took / 1_000_000 + " ms");
        assertEquals("", messages.toString(StandardCharsets.UTF_8));
    }
}
