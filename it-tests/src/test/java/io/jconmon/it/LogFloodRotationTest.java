package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of numbered lines through jconmon's rotating file drivers at once — k8s-file with
 * conmon 2.2's {@code --log-rotate --log-max-files} (§5.2.6) and json-file with Docker's
 * max-size/max-file/compress — and every line accounted for: the rotated files, read oldest
 * first, hold each line exactly once, in order, undamaged, and no line is split across two files.
 * (The C conmon here, 2.1.6, predates --log-rotate: nothing to compare with.)
 */
class LogFloodRotationTest {
    @TempDir
    Path dir;

    /** 200 MB: about 290 MB of k8s-file records and 330 MB of json-file lines. */
    @Test
    void twoHundredMegabytesFitInTheRotatedFilesWithEveryLineOnceAndNoneSplit() throws Exception {
        int lines = 2_000_000;
        Path k8s = dir.resolve("ctr.log");
        Path json = dir.resolve("ctr.json");
        long t0 = System.nanoTime();
        Outcome o = run(lines, k8s, json, "40000000", 8, "40m", 10);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<Path> k8sFiles = k8sFiles(k8s, 8);
        assertFalse(Files.exists(Path.of(k8s + ".9")), "no more than --log-max-files backups");
        NumberedLines.Checker kc = new NumberedLines.Checker();
        for (Path f : k8sFiles) {
            kc.k8sFile(f);
            assertTrue(Files.size(f) <= 40_000_000 + 8192 + 45, f + " is " + Files.size(f) + " bytes, over --log-size-max");
        }
        kc.end();
        String who = "k8s-file over " + k8sFiles.size() + " files (" + millis + " ms for the run)";
        assertTrue(k8sFiles.size() >= 7, who + ": ~290 MB must have rotated at least 7 times");
        assertEquals(1, kc.first(), who + ": first line");
        assertEquals(lines, kc.last(), who + ": last line");
        assertEquals(lines, kc.lines(), who + ": line count");
        assertEquals(NumberedLines.sha256(1, lines), kc.sha256(), who + ": checksum of the reassembled lines");

        List<Path> jsonFiles = jsonFiles(json, 10);
        NumberedLines.Checker jc = new NumberedLines.Checker();
        for (Path f : jsonFiles) {
            jc.jsonFile(f);
        }
        jc.end();
        who = "json-file over " + jsonFiles.size() + " files";
        assertTrue(jsonFiles.size() >= 8, who + ": ~330 MB must have rotated at least 7 times");
        assertTrue(jsonFiles.subList(0, jsonFiles.size() - 1).stream().allMatch(p -> p.toString().endsWith(".gz")),
                who + ": every backup is compressed: " + jsonFiles);
        assertEquals(1, jc.first(), who + ": first line");
        assertEquals(lines, jc.lines(), who + ": line count");
        assertEquals(NumberedLines.sha256(1, lines), jc.sha256(), who + ": checksum of the reassembled lines");
        System.out.println("LogFloodRotationTest: 200 MB through k8s-file (" + k8sFiles.size() + " files) and json-file ("
                + jsonFiles.size() + " files) in " + millis + " ms (whole run), exit file " + o.exitMillis() + " ms after start");
        assertTrue(millis < 90_000, "the 200 MB run took " + millis + " ms");
    }

    /**
     * With too few files the oldest lines go, and only by rotation: what is left is the newest
     * files, complete and contiguous up to the last line written.
     */
    @Test
    void withTooFewFilesOnlyTheOldestLinesAreLostAndTheNewestFilesAreContiguous() throws Exception {
        int lines = 400_000; // 40 MB
        Path k8s = dir.resolve("small.log");
        Path json = dir.resolve("small.json");
        run(lines, k8s, json, "4000000", 2, "4m", 3);
        // conmon's quirk kept (§5.2.6): the backups run to max(--log-max-files, 2).
        List<Path> k8sFiles = k8sFiles(k8s, 2);
        assertEquals(List.of(Path.of(k8s + ".2"), Path.of(k8s + ".1"), k8s), k8sFiles, "k8s-file keeps .2, .1 and the log");
        assertFalse(Files.exists(Path.of(k8s + ".3")));
        NumberedLines.Checker kc = new NumberedLines.Checker();
        for (Path f : k8sFiles) {
            kc.k8sFile(f);
        }
        kc.end();
        checkNewestContiguous("k8s-file", kc, lines);

        List<Path> jsonFiles = jsonFiles(json, 3);
        assertEquals(3, jsonFiles.size(), "json-file keeps max-file files: " + jsonFiles);
        NumberedLines.Checker jc = new NumberedLines.Checker();
        for (Path f : jsonFiles) {
            jc.jsonFile(f);
        }
        jc.end();
        checkNewestContiguous("json-file", jc, lines);
    }

    private static void checkNewestContiguous(String who, NumberedLines.Checker c, int lines) {
        assertTrue(c.first() > 1, who + ": the oldest lines were rotated away (first kept " + c.first() + ")");
        assertEquals(lines, c.last(), who + ": the newest line is kept");
        assertEquals(lines - c.first() + 1, c.lines(), who + ": lines " + c.first() + ".." + lines + " each once");
        assertEquals(NumberedLines.sha256(c.first(), lines), c.sha256(), who + ": checksum");
    }

    private Outcome run(int lines, Path k8s, Path json, String k8sMax, int k8sFiles, String jsonMax, int jsonFiles)
            throws Exception {
        Spec s = new Spec("/bin/numbered", Integer.toString(lines)).log("k8s-file:" + k8s)
                .extra("--log-size-max", k8sMax, "--log-rotate", "--log-max-files", Integer.toString(k8sFiles),
                        "-l", "json-file:" + json, "--log-opt", "json-file.max-size=" + jsonMax,
                        "--log-opt", "json-file.max-file=" + jsonFiles, "--log-opt", "json-file.compress=true");
        s.bundleReady = run -> NumberedLines.install(run.bundle);
        s.exitWaitMillis = 120_000;
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, s);
        assertEquals("0", o.exitFile(), o.describe());
        assertTrue(o.monitorGone(), o.describe());
        return o;
    }

    /** k8s-file's files, oldest first: {@code .top} … {@code .1}, then the log itself. */
    private static List<Path> k8sFiles(Path log, int maxFiles) {
        List<Path> out = new ArrayList<>();
        for (int i = Math.max(maxFiles, 2); i >= 1; i--) {
            Path p = Path.of(log + "." + i);
            if (Files.exists(p)) {
                out.add(p);
            }
        }
        out.add(log);
        return out;
    }

    /** json-file's files, oldest first: {@code .(N-1).gz} … {@code .1.gz} (or plain), then the log. */
    private static List<Path> jsonFiles(Path log, int maxFile) {
        List<Path> out = new ArrayList<>();
        for (int i = maxFile - 1; i >= 1; i--) {
            Path gz = Path.of(log + "." + i + ".gz");
            Path plain = Path.of(log + "." + i);
            if (Files.exists(gz)) {
                out.add(gz);
            } else if (Files.exists(plain)) {
                out.add(plain);
            }
        }
        out.add(log);
        return out;
    }
}
