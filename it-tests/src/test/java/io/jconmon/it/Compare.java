package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Assertions shared by the differential tests: what an engine sees of a run, C vs jconmon. */
final class Compare {
    private Compare() {}

    /**
     * A run that created, started and finished a container: P1 exited 0 leaving a live monitor in
     * the -P file, the first sync line is the container pid from the runtime's pidfile, the exit
     * files hold {@code expectedExit}, the log was complete when the exit file appeared, and the
     * monitor went away. Returns the parsed log.
     */
    static K8sLog completed(ConmonRun.Outcome o, String expectedExit) {
        String who = o.describe();
        assertEquals(0, o.p1Status(), who + "\nP1 exit status");
        assertTrue(o.conmonPidRaw() != null && o.conmonPidRaw().matches("[1-9][0-9]*"),
                who + "\n-P pidfile must be a decimal pid without newline, was: " + show(o.conmonPidRaw()));
        assertTrue(o.monitorAliveAtP1Exit(), who + "\nthe -P pid must be alive when P1 exits");
        assertTrue(!o.syncLines().isEmpty(), who + "\nno sync line");
        SyncMessage first = SyncMessage.parse(who, o.syncLines().get(0));
        assertTrue(first.data() > 0 && first.message() == null, who + "\nfirst sync line must be {\"data\": <pid>}");
        assertEquals(o.containerPid(), first.data(), who + "\nsync pid vs the runtime's pidfile " + o.containerPidRaw());
        assertEquals(0, o.start().status(), who + "\nruntime start: " + o.start());
        assertTrue(o.exitFileSeen(), who + "\nno exit file within the deadline");
        assertEquals(expectedExit, o.exitFile(), who + "\n<exit-dir>/<cid>");
        assertEquals(expectedExit, o.persistExit(), who + "\n<persist-dir>/exit");
        assertTrue(o.monitorGone(), who + "\nmonitor still alive 10 s after the exit file");
        assertEquals(List.of("{\"data\": {PID}}"), o.syncNormalized(), who + "\ncreate sends exactly one sync line");
        K8sLog log = K8sLog.parse(o.monitor().name(), o.log());
        assertArrayEquals(o.log(), o.logAtExitFile(),
                who + "\nthe log must be complete when the exit file appears (drain before exit files, §2.8)");
        assertTrue(log.timestampsNonDecreasing(), who + "\nlog timestamps go backwards");
        return log;
    }

    /** The parts of two completed runs that must agree exactly. */
    static void sameRun(ConmonRun.Outcome c, ConmonRun.Outcome j) {
        String who = "C: " + c.describe() + "\njconmon: " + j.describe();
        assertEquals(c.p1Status(), j.p1Status(), who + "\nP1 status");
        assertEquals(c.p1Stdout(), j.p1Stdout(), who + "\nP1 stdout");
        // Debug lines are conmon's own chatter, worded differently by design (e.g. the
        // oom_score_adj note); warnings and errors must match.
        assertEquals(c.p1StderrNoDebug(), j.p1StderrNoDebug(), who + "\nP1 stderr (non-debug lines)");
        assertEquals(c.syncNormalized(), j.syncNormalized(), who + "\nsync lines");
        assertEquals(c.exitFile(), j.exitFile(), who + "\nexit file");
        assertEquals(c.persistExit(), j.persistExit(), who + "\npersist exit file");
    }

    /** Per-stream records (timestamps removed) equal; cross-stream interleaving depends on timing. */
    static void sameRecords(K8sLog c, K8sLog j, String who) {
        assertEquals(c.normalized("stdout"), j.normalized("stdout"), who + ": stdout records");
        assertEquals(c.normalized("stderr"), j.normalized("stderr"), who + ": stderr records");
        assertEquals(c.offsets(), j.offsets(), who + ": timestamp UTC offsets");
    }

    static String show(String s) {
        return s == null ? "null" : "'" + s.replace("\n", "\\n") + "'";
    }
}
