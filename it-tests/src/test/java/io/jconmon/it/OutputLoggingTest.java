package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a container writes reaches the k8s-file log the same way under jconmon as under the C conmon
 * (conmon-interface.md §5.2): real busybox containers under runc and crun, same inputs, both monitors.
 */
class OutputLoggingTest {

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void stdoutAndStderrLinesAreLoggedPerStreamAndExitCode3IsReported(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "echo out one; echo err one >&2; echo out two; echo err two >&2; exit 3"));
        K8sLog c = Compare.completed(r[0], "3");
        K8sLog j = Compare.completed(r[1], "3");
        assertEquals(List.of("stdout F out one", "stdout F out two"), c.normalized("stdout"), "C reference");
        assertEquals(List.of("stderr F err one", "stderr F err two"), c.normalized("stderr"), "C reference");
        Compare.sameRecords(c, j, rt.name());
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void outputWithoutTrailingNewlineEndsWithAPartialRecordAndNoClosingRecord(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "printf 'first\\nno newline at the end'; printf 'err tail' >&2"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        assertEquals(List.of("stdout F first", "stdout P no newline at the end"), c.normalized("stdout"), "C reference");
        assertEquals(List.of("stderr P err tail"), c.normalized("stderr"), "C reference");
        Compare.sameRecords(c, j, rt.name());
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void emptyLinesBecomeFRecordsWithEmptyContent(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "printf '\\n\\nx\\n\\n'; echo >&2"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        assertEquals(List.of("stdout F ", "stdout F ", "stdout F x", "stdout F "), c.normalized("stdout"), "C reference");
        Compare.sameRecords(c, j, rt.name());
        // The trailing space after the tag is kept: "<ts> stdout F \n" (§5.2.2).
        assertTrue(new String(r[1].log(), StandardCharsets.ISO_8859_1).contains(" stdout F \n"), "jconmon empty record");
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void crlfNulAndInvalidUtf8BytesAreLoggedVerbatim(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "printf 'crlf\\r\\nnul\\000byte\\nbad\\377\\376utf8 \\303\\n'; printf 'e\\r\\000\\200\\n' >&2"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        byte[] expected = "crlf\r\nnul\0byte\nbad\u00ff\u00feutf8 \u00c3\n".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, c.reassemble("stdout"), "C reference: " + K8sLog.escape(c.reassemble("stdout")));
        assertArrayEquals(expected, j.reassemble("stdout"), "jconmon: " + K8sLog.escape(j.reassemble("stdout")));
        assertArrayEquals("e\r\0\u0080\n".getBytes(StandardCharsets.ISO_8859_1), j.reassemble("stderr"),
                "jconmon stderr: " + K8sLog.escape(j.reassemble("stderr")));
        Compare.sameRecords(c, j, rt.name());
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void aLineLongerThanTheReadBufferIsSplitIntoPartialRecordsOfAtMost8192Bytes(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "head -c 20000 /dev/zero | tr '\\000' x; echo; head -c 20000 /dev/zero | tr '\\000' y >&2; echo >&2"));
        for (Outcome o : r) {
            K8sLog log = Compare.completed(o, "0");
            for (String stream : List.of("stdout", "stderr")) {
                String who = o.monitor() + "/" + rt + " " + stream;
                byte[] expected = (String.valueOf(stream.equals("stdout") ? 'x' : 'y').repeat(20000) + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                // Where the P records split depends on pipe timing, so compare the reassembled bytes.
                assertArrayEquals(expected, log.reassemble(stream), who + ": reassembled content");
                List<K8sLog.Record> recs = log.of(stream);
                assertTrue(recs.size() >= 3, who + ": 20001 bytes need at least 3 records, got " + recs.size());
                for (int i = 0; i < recs.size(); i++) {
                    K8sLog.Record rec = recs.get(i);
                    assertTrue(rec.content().length <= K8sLog.MAX_CONTENT,
                            who + ": record " + i + " carries " + rec.content().length + " > 8192 bytes");
                    assertEquals(i == recs.size() - 1 ? 'F' : 'P', rec.tag(), who + ": tag of record " + i);
                }
            }
        }
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void nothingIsLostWhenAContainerWrites100000LinesAndExitsAtOnce(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/seq", "1", "100000"));
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 100000; i++) {
            sb.append(i).append('\n');
        }
        byte[] expected = sb.toString().getBytes(StandardCharsets.US_ASCII);
        for (Outcome o : r) {
            K8sLog log = Compare.completed(o, "0");
            byte[] got = log.reassemble("stdout");
            String who = o.monitor() + "/" + rt;
            long lines = new String(got, StandardCharsets.US_ASCII).chars().filter(ch -> ch == '\n').count();
            assertEquals(100000, lines, who + ": line count");
            assertEquals(sha256(expected), sha256(got), who + ": checksum of the reassembled stdout");
            assertEquals(List.of(), log.normalized("stderr"), who + ": stderr");
        }
        Compare.sameRun(r[0], r[1]);
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void logSizeMaxReplacesTheFileLikeCConmon(OciRuntime rt) throws Exception {
        // 100 lines, one every 10 ms: each line is its own record whatever the pipe timing, so the
        // file after the last truncation (§5.2.4: replace, counter reset) is deterministic.
        Outcome[] r = ConmonRun.both(rt, () -> new ConmonRun.Spec("/bin/sh", "-c",
                "i=0; while [ $i -lt 100 ]; do echo line$i; i=$((i+1)); usleep 10000; done")
                .extra("--log-size-max", "1000"));
        K8sLog c = Compare.completed(r[0], "0");
        K8sLog j = Compare.completed(r[1], "0");
        assertTrue(!c.normalized().contains("stdout F line0") && c.normalized().contains("stdout F line99"),
                "C reference truncated the log: " + c.normalized());
        assertEquals(c.normalized(), j.normalized(), rt + ": records left after --log-size-max 1000");
        assertEquals(r[0].log().length, r[1].log().length, rt + ": final log size");
        Compare.sameRun(r[0], r[1]);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
