package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-global-size-max} (conmon-interface.md §5.2.5), C conmon vs jconmon: before each
 * record, once the bytes written since the start (record = content + 45, +1 for P; never reset
 * when --log-size-max replaces the file) reach the limit, the record and all later ones are
 * dropped. One line every 10 ms, so each line is its own record and the cut is deterministic.
 */
class LogGlobalSizeMaxTest {
    private static final int LINES = 60;
    private static final String SCRIPT = "i=10; while [ $i -lt " + (10 + LINES) + " ]; do echo line-$i-"
            + "x".repeat(80) + "; usleep 10000; i=$((i+1)); done";

    @Test
    void loggingStopsOnceTheTotalReachesTheLimitLikeCConmon() throws Exception {
        Instant since = Instant.now();
        Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> new ConmonRun.Spec("/bin/sh", "-c", SCRIPT)
                .extra("--log-global-size-max", "4000"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        // 89-byte lines are 134-byte records: the 30th brings the total to 4020, so 30 are kept.
        assertEquals(30, c.normalized().size(), "C reference: records kept under a 4000-byte total");
        assertEquals(c.normalized(), j.normalized(), "records kept");
        assertEquals(r[0].log().length, r[1].log().length, "log size");
        Compare.sameRun(r[0], r[1]);
        assertEquals(LINES - 30, MonitorSyslog.droppedRecords(r[1].id(), since, "k8s-file"),
                "jconmon reports the records it dropped (C conmon drops them silently)");
    }

    @Test
    void theTotalIsNotResetWhenLogSizeMaxReplacesTheFileLikeCConmon() throws Exception {
        Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> new ConmonRun.Spec("/bin/sh", "-c", SCRIPT)
                .extra("--log-size-max", "1000", "--log-global-size-max", "4000"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        // Files of 7 records (938 bytes) each; the 30th record is the last: 30 = 4 * 7 + 2.
        List<String> kept = c.normalized();
        assertEquals(2, kept.size(), "C reference: the last file holds the 29th and 30th records: " + kept);
        assertTrue(kept.get(1).startsWith("stdout F line-39-"), "C reference: the 30th line is the last kept: " + kept);
        assertEquals(kept, j.normalized(), "records in the last file");
        Compare.sameRun(r[0], r[1]);
    }
}
