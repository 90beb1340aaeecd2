package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's file system fills up: a 2 MB tmpfs holds the log and a 1 MB filler; the container
 * writes 3 MB of numbered lines in three bursts 1.5 s apart. It must run to exit 0 unhindered,
 * the loss must be counted and reported, and once the filler is deleted (between the first two
 * bursts) writing must resume: the second burst's first lines are in the log.
 */
class LogDiskFullTest {
    private static final int BURST = 10_000; // lines of 100 bytes: 1 MB, ~1.45 MB of k8s-file records
    @TempDir
    Path dir;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = dir.resolve("disk");
        Files.createDirectories(disk);
        Host.run(List.of("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()));
        Host.run(List.of("dd", "if=/dev/zero", "of=" + disk.resolve("filler"), "bs=64k", "count=16"));
    }

    @AfterEach
    void unmount() throws Exception {
        Host.exec(List.of("umount", "-l", disk.toString()), 30);
    }

    @Test
    void jsonFileCountsAndReportsWhatDidNotFitAndResumesWhenSpaceReturns() throws Exception {
        Path log = disk.resolve("ctr.json");
        Instant since = Instant.now();
        Outcome o = run(Monitor.JCONMON, s -> s.log("json-file:" + log));
        List<long[]> runs = ranges(log, true, false);
        check("jconmon json-file", o, runs, since, "json-file");
    }

    /**
     * Under C conmon a failed writev drops that batch with a warning and the next one is tried
     * (§5.2.3), so k8s-file resumes; jconmon does the same, counts the loss, and cuts off the part of
     * a batch a filling disk took, so no half line remains. C conmon 2.1.6 predates conmon 2.2.0's
     * partial-writev fix (§5.6): when the disk fills mid-line it can leave that half line, so a
     * damaged line is tolerated for the C reference only.
     */
    @Test
    void k8sFileResumesWhenSpaceReturnsLikeCConmon() throws Exception {
        Instant since = Instant.now();
        for (Monitor m : Monitor.values()) {
            Path log = disk.resolve("ctr-" + m.tag + ".log");
            Outcome o = run(m, s -> s.log("k8s-file:" + log));
            List<long[]> runs = ranges(log, false, m == Monitor.C_CONMON);
            check(m + " k8s-file", o, runs, since, m == Monitor.JCONMON ? "k8s-file" : null);
            Files.deleteIfExists(log);
            Host.run(List.of("dd", "if=/dev/zero", "of=" + disk.resolve("filler"), "bs=64k", "count=16"));
        }
    }

    private void check(String who, Outcome o, List<long[]> runs, Instant since, String driver) throws Exception {
        who = who + " " + o.describe() + "\n  kept line ranges " + show(runs) + "\n  notes " + o.notes();
        assertEquals("0", o.exitFile(), who + "\nthe container runs to its end");
        assertTrue(o.exitMillis() < 15_000, who + "\nexit file " + o.exitMillis() + " ms after start: stalled?");
        assertTrue(o.monitorGone(), who);
        assertTrue(!runs.isEmpty() && runs.get(0)[0] == 1, who + "\nthe log starts with line 1");
        assertTrue(runs.get(0)[1] < BURST, who + "\nthe first burst did not fit");
        assertTrue(runs.get(runs.size() - 1)[1] < 3 * BURST, who + "\nthe last burst did not fit either");
        // Space returns while the monitor is still at the first burst or after it (the pipe holds
        // what it has not read yet); from there on lines are written again, for ~0.7 MB (a 1 MB
        // filler's worth of records) until the disk is full once more.
        assertTrue(runs.size() >= 2, who + "\nwriting resumed after the filler was deleted");
        assertTrue(runs.subList(1, runs.size()).stream().anyMatch(r -> r[1] - r[0] + 1 >= 4_000),
                who + "\nat least 4000 consecutive lines (0.4 MB) after space returned");
        if (driver != null) {
            long dropped = MonitorSyslog.droppedRecords(o.id(), since, driver);
            assertTrue(dropped > 0, who + "\nthe loss is reported (syslog: log driver " + driver + " dropped ...): "
                    + MonitorSyslog.lines(o.id(), since));
        }
    }

    /** A run whose container writes 3 bursts; the filler is deleted once the first burst has filled the disk. */
    private Outcome run(Monitor m, java.util.function.UnaryOperator<Spec> log) throws Exception {
        Spec s = log.apply(new Spec("/bin/numbered", Integer.toString(3 * BURST), Integer.toString(BURST), "1500"));
        s.bundleReady = run -> NumberedLines.install(run.bundle);
        s.exitWaitMillis = 30_000;
        s.afterStart(run -> {
            // The first burst fills the disk within a few hundred ms; free space then stays ~0.
            boolean full = Host.await(5_000, () -> disk.toFile().getUsableSpace() < 64 * 1024);
            run.notes.put("disk-full-seen", Boolean.toString(full));
            Thread.sleep(200);
            Files.delete(disk.resolve("filler"));
            run.notes.put("filler-deleted-ms", Long.toString(System.currentTimeMillis()));
        });
        return ConmonRun.execute(m, OciRuntime.RUNC, s);
    }

    /**
     * The runs of consecutive line numbers in the log, e.g. [[1, 6120], [10001, 16433]].
     *
     * @param halfLinesAllowed skip a line a partial write damaged (C conmon 2.1.6) instead of failing */
    private static List<long[]> ranges(Path log, boolean json, boolean halfLinesAllowed) throws Exception {
        List<long[]> out = new java.util.ArrayList<>();
        // A gap starts a new run instead of failing.
        byte[] b = Files.readAllBytes(log);
        List<Long> numbers = json ? jsonNumbers(b) : k8sNumbers(b, halfLinesAllowed);
        for (long n : numbers) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == n - 1) {
                out.get(out.size() - 1)[1] = n;
            } else {
                out.add(new long[] {n, n});
            }
        }
        return out;
    }

    /**
     * Line numbers of the complete lines in a k8s-file log, the pieces of a line joined first. A
     * write cut short by ENOSPC may leave one torn record (C conmon's writev keeps what fit): such
     * a line is skipped, and at most one per full-disk episode is allowed.
     */
    private static List<Long> k8sNumbers(byte[] b, boolean halfLinesAllowed) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        int torn = 0;
        for (String line : new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.length() >= 45 && K8sLog.TIMESTAMP.matcher(line.substring(0, 35)).matches()
                    && line.startsWith(" stdout ", 35) && line.charAt(44) == ' '
                    && (line.charAt(43) == 'F' || line.charAt(43) == 'P')) {
                text.writeBytes(line.substring(45).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                if (line.charAt(43) == 'F') {
                    text.write('\n');
                }
            } else {
                torn++;
                text.write('\n'); // whatever was pending is damaged too: let it end here
            }
        }
        if (torn > 2) {
            throw new AssertionError(torn + " malformed records in the k8s-file log");
        }
        List<Long> out = new java.util.ArrayList<>();
        for (String line : new String(text.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1).split("\n")) {
            byte[] l = (line + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (l.length == NumberedLines.LINE && line.substring(0, 9).matches("\\d{9}")
                    && java.util.Arrays.equals(l, NumberedLines.line(Long.parseLong(line.substring(0, 9))))) {
                out.add(Long.parseLong(line.substring(0, 9)));
            } else if (joinedAcrossLoss(line + "\n") > 0) {
                out.add(joinedAcrossLoss(line + "\n"));
            } else if (torn == 0 && !halfLinesAllowed) {
                throw new AssertionError("a damaged line in the k8s-file log: " + K8sLog.escape(l));
            }
        }
        return out;
    }

    private static List<Long> jsonNumbers(byte[] b) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        String all = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String line : all.split("\n")) {
            if (line.startsWith("{\"log\":\"")) {
                String t = line.substring(8, line.indexOf('"', 8));
                text.writeBytes((t.endsWith("\\n") ? t.substring(0, t.length() - 2) + "\n" : t)
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return numbers(text.toByteArray());
    }

    /**
     * The numbers of the whole, undamaged generated lines in {@code text}. While the disk is full
     * the piece of a line in one record can be lost and the rest of it, in the next record, kept
     * (json-file frees the bytes of a write that did not fit, so a short record may fit again):
     * such remnants are skipped, they are part of the loss.
     */
    private static List<Long> numbers(byte[] text) {
        List<Long> out = new java.util.ArrayList<>();
        String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < s.length()) {
            int nl = s.indexOf('\n', pos);
            String line = s.substring(pos, nl < 0 ? s.length() : nl + 1);
            pos = nl < 0 ? s.length() : nl + 1;
            if (line.length() == NumberedLines.LINE && line.substring(0, 9).matches("\\d{9}")) {
                long n = Long.parseLong(line.substring(0, 9));
                if (java.util.Arrays.equals(line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), NumberedLines.line(n))) {
                    out.add(n);
                    continue;
                }
            }
            if (joinedAcrossLoss(line) > 0) {
                out.add(joinedAcrossLoss(line));
                continue;
            }
            if (line.length() >= NumberedLines.LINE) {
                throw new AssertionError("a damaged line in the log: "
                        + K8sLog.escape(line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
        }
        return out;
    }

    /**
     * A line whose tail was lost with a dropped batch while its head had been written in an earlier
     * one (a partial record then a lost full one): the head of line n runs straight into the whole
     * line m &gt; n that followed the loss. Returns m, or -1 when {@code line} is not exactly that
     * (so real damage still fails). The cut-off line n is part of the counted loss.
     */
    private static long joinedAcrossLoss(String line) {
        if (line.length() <= NumberedLines.LINE || !line.substring(0, 9).matches("\\d{9}")) {
            return -1;
        }
        int cut = line.length() - NumberedLines.LINE;
        String tail = line.substring(cut);
        if (!tail.substring(0, 9).matches("\\d{9}")) {
            return -1;
        }
        long n = Long.parseLong(line.substring(0, 9));
        long m = Long.parseLong(tail.substring(0, 9));
        String headOfN = new String(NumberedLines.line(n), java.nio.charset.StandardCharsets.ISO_8859_1);
        boolean tailIsWhole = java.util.Arrays.equals(tail.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                NumberedLines.line(m));
        return m > n && tailIsWhole && headOfN.startsWith(line.substring(0, cut)) ? m : -1;
    }

    private static String show(List<long[]> runs) {
        StringBuilder b = new StringBuilder();
        for (long[] r : runs) {
            b.append(b.isEmpty() ? "" : ", ").append(r[0]).append("..").append(r[1]);
        }
        return "[" + b + "]";
    }
}
