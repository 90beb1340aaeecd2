package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubelet/logrotate-style rotation while a container floods, C conmon vs jconmon: the test renames
 * the k8s-file log away and sends ctl {@code 2 0 0} (reopen, conmon-interface.md §4.2, §5.2.7),
 * again and again. Every line must end up in exactly one of the files (renamed ones in order, then
 * the live one): none lost, none repeated, none damaged. A line may start in one file and end in
 * the next, since a reopen cuts wherever the monitor is (both monitors do).
 */
class LogReopenUnderLoadTest {
    private static final int LINES = 200_000; // 20 MB in 10 bursts 100 ms apart
    @TempDir
    Path dir;

    @Test
    void everyLineLandsInExactlyOneFileAcrossRepeatedRenameAndReopen() throws Exception {
        Outcome[] r = new Outcome[2];
        List<List<Path>> files = new ArrayList<>();
        for (Monitor m : Monitor.values()) {
            Path logDir = Files.createDirectories(dir.resolve(m.tag));
            Path log = logDir.resolve("ctr.log");
            List<Path> renamed = new ArrayList<>();
            Spec s = new Spec("/bin/numbered", Integer.toString(LINES), "20000", "100").log("k8s-file:" + log);
            s.bundleReady = run -> NumberedLines.install(run.bundle);
            s.exitWaitMillis = 60_000;
            s.afterStart(run -> {
                Path exit = run.exits.resolve(run.id);
                for (int k = 1; k <= 40 && !Files.exists(exit); k++) {
                    Path to = logDir.resolve("ctr.log." + k);
                    if (Files.exists(log)) {
                        Files.move(log, to, StandardCopyOption.ATOMIC_MOVE);
                        renamed.add(to);
                    }
                    Files.write(run.bundle.resolve("ctl"), "2 0 0\n".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(40);
                }
                run.notes.put("renames", Integer.toString(renamed.size()));
            });
            r[m.ordinal()] = ConmonRun.execute(m, OciRuntime.RUNC, s);
            List<Path> all = new ArrayList<>(renamed);
            all.add(log);
            files.add(all);
        }
        for (Monitor m : Monitor.values()) {
            Outcome o = r[m.ordinal()];
            List<Path> all = files.get(m.ordinal());
            String who = m + ": " + o.describe() + "\n  notes " + o.notes();
            assertEquals("0", o.exitFile(), who);
            assertTrue(o.monitorGone(), who);
            assertTrue(all.size() >= 5, who + "\nthe flood lasts long enough for several reopens: " + all.size() + " files");
            NumberedLines.Checker c = new NumberedLines.Checker().allowingLinesAcrossFiles();
            for (Path f : all) {
                assertTrue(Files.exists(f), who + "\n" + f + " (a reopen must recreate the log)");
                c.k8sFile(f);
            }
            c.end();
            assertEquals(1, c.first(), who + "\nfirst line");
            assertEquals(LINES, c.lines(), who + "\nevery line once, in order, over " + all.size() + " files");
            assertEquals(NumberedLines.sha256(1, LINES), c.sha256(), who + "\nchecksum");
        }
        assertEquals(r[0].exitFile(), r[1].exitFile());
    }
}
