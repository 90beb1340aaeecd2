package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import io.jconmon.it.JournalExport.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * journald is killed while a container floods it, then comes back. The journald is the test's own
 * (a journal namespace: {@code systemd-journald NAME}, sockets under /run/systemd/journal.NAME/),
 * so the test only ever kills a process it started and never the host's journald that other tests
 * and the monitors' syslog lines use; jconmon is pointed at it with {@code --log-opt
 * journald.socket=...}. The container must not stall, the k8s-file log (a second -l) must be
 * complete, the entries journald missed must be counted and reported, and delivery must resume.
 */
class JournaldOutageTest {
    private static final String NAMESPACE = "jcit-outage";
    private static final Path SOCKET = Path.of("/run/systemd/journal." + NAMESPACE + "/socket");
    private static final int LINES = 30_000; // 6 bursts of 0.5 MB, 300 ms apart
    private Process journald;

    @BeforeEach
    void startOwnJournald() throws Exception {
        start();
    }

    /** Whatever happened, the test's journald is stopped again (it is the test's own: nothing else uses it). */
    @AfterEach
    void stopOwnJournald() throws Exception {
        if (journald != null && journald.isAlive()) {
            journald.destroy();
            journald.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void start() throws Exception {
        journald = new ProcessBuilder("/lib/systemd/systemd-journald", NAMESPACE)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // A restarted journald replaces the old socket file; wait until this one answers.
        long pid = journald.pid();
        boolean up = Host.await(10_000, () -> Files.exists(SOCKET) && listening(pid));
        assertTrue(up, "the test's journald (namespace " + NAMESPACE + ") did not come up");
    }

    /** True once process {@code pid} holds a socket bound at SOCKET (journald binds before it serves). */
    private static boolean listening(long pid) {
        try {
            String unix = Files.readString(Path.of("/proc/net/unix"));
            return unix.contains(SOCKET.toString()) && Host.alive(pid);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aKilledJournaldNeitherStallsTheContainerNorCostsTheFileLogAndItsLossIsReported() throws Exception {
        Instant since = Instant.now();
        Spec s = new Spec("/bin/numbered", Integer.toString(LINES), "5000", "300").log("journald")
                .extra("-l", "k8s-file:{W}/ctr.log", "--log-opt", "journald.socket=" + SOCKET);
        s.bundleReady = run -> NumberedLines.install(run.bundle);
        s.exitWaitMillis = 30_000;
        s.afterStart(run -> {
            run.notes.put("started-at", Long.toString(System.nanoTime()));
            Thread.sleep(400); // into the second burst
            long pid = journald.pid();
            Host.kill(pid, "KILL");
            journald.waitFor(5, TimeUnit.SECONDS);
            run.notes.put("killed-journald", Long.toString(pid));
            Thread.sleep(700); // a burst or two go by with no journald
            start();
            run.notes.put("restarted-journald", Long.toString(journald.pid()));
            run.notes.put("finished-at", Long.toString(System.nanoTime()));
        });
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, s);
        String who = o.describe() + "\n  notes " + o.notes();
        assertEquals("0", o.exitFile(), who);
        assertTrue(o.notes().containsKey("restarted-journald"), who + "\njournald was killed and restarted mid-run");
        // The hook (kill, 0.7 s without journald, restart) runs while the container writes; the
        // exit file then follows within exitMillis. The output itself takes ~1.5 s + writing.
        long hookMillis = (Long.parseLong(o.notes().get("finished-at")) - Long.parseLong(o.notes().get("started-at"))) / 1_000_000;
        long millis = hookMillis + o.exitMillis();
        assertTrue(millis < 12_000, who + "\nthe container took " + millis + " ms to finish: it was stalled");

        K8sLog file = Compare.completed(o, "0");
        byte[] all = file.reassemble("stdout");
        assertEquals((long) LINES * NumberedLines.LINE, all.length, who + "\nthe k8s-file log is complete");

        // Each line is one entry (lines under 8 KiB are assembled whole, §5.3.3).
        List<Entry> entries = JournalExport.readFields(NAMESPACE, "MESSAGE", "CONTAINER_ID_FULL=" + o.id());
        Set<Long> seen = new HashSet<>();
        for (Entry e : entries) {
            byte[] m = e.message();
            long n = Long.parseLong(new String(m, 0, 9, java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(java.util.Arrays.equals(m, NumberedLines.line(n)), who + "\na damaged entry: " + K8sLog.escape(m));
            assertTrue(seen.add(n), who + "\nline " + n + " was delivered twice");
        }
        long dropped = MonitorSyslog.droppedRecords(o.id(), since, "journald");
        String counts = "\n  journal has " + entries.size() + " of " + LINES + " lines, jconmon reported " + dropped
                + " dropped; syslog: " + MonitorSyslog.lines(o.id(), since);
        System.out.println("JournaldOutageTest:" + counts + "; container finished " + millis + " ms after start");
        assertTrue(entries.size() < LINES, who + counts + "\nthe outage must have cost entries");
        assertTrue(dropped > 0, who + counts + "\nthe loss is counted and reported");
        assertTrue(seen.contains((long) LINES), who + counts + "\ndelivery resumed after the restart (the last line is there)");
        // What journald had queued in the kernel when it was killed (net.unix.max_dgram_qlen
        // datagrams) is lost unseen by anyone; everything else is either delivered or reported.
        assertTrue(entries.size() + dropped >= LINES - 64, who + counts + "\ndelivered + reported covers the output");
    }
}
