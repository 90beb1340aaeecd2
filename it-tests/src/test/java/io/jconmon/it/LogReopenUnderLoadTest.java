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
            assertTrue(all.size() >= 5, who + "\nthe log was recreated by at least 4 reopens: " + all.size() + " files");
            List<Path> present = all.stream().filter(f -> !f.equals(all.get(all.size() - 1)) || Files.exists(f)).toList();
            if (m == Monitor.C_CONMON) {
                // The reference keeps every line too, but its bytes are not always exact: C conmon
                // 2.1.6 was seen to repeat a few bytes of the line a reopen cut (a 107-byte line
                // 188352, "...uvwx" + "uvwxyz..."). Lines are counted, not compared, for it.
                long[] counts = lineCounts(present);
                System.out.println("LogReopenUnderLoadTest: C conmon, " + present.size() + " files, " + counts[0]
                        + " lines, " + counts[1] + " not exactly as written");
                assertEquals(LINES, counts[0], who + "\nC conmon: lines over " + present.size() + " files");
                continue;
            }
            NumberedLines.Checker c = new NumberedLines.Checker().allowingLinesAcrossFiles();
            // A reopen asked for after the container exited is never served (the monitor is
            // draining, then gone): the last renamed file then holds the end and no new log exists.
            for (Path f : present) {
                c.k8sFile(f);
            }
            c.end();
            assertEquals(1, c.first(), who + "\nfirst line");
            assertEquals(LINES, c.lines(), who + "\nevery line once, in order, over " + present.size() + " files");
            assertEquals(NumberedLines.sha256(1, LINES), c.sha256(), who + "\nchecksum");
        }
        assertEquals(r[0].exitFile(), r[1].exitFile());
    }

    /** {lines, lines that differ from what was written} in the stdout reassembled from {@code files} in order. */
    private static long[] lineCounts(List<Path> files) throws Exception {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        for (Path f : files) {
            text.writeBytes(K8sLog.parse(f.toString(), Files.readAllBytes(f)).reassemble("stdout"));
        }
        long lines = 0;
        long damaged = 0;
        String all = text.toString(StandardCharsets.ISO_8859_1);
        for (String line : all.split("\n")) {
            lines++;
            byte[] b = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
            if (b.length != NumberedLines.LINE || !line.substring(0, 9).matches("\\d{9}")
                    || !java.util.Arrays.equals(b, NumberedLines.line(Long.parseLong(line.substring(0, 9))))) {
                damaged++;
            }
        }
        return new long[] {lines, damaged};
    }
}
