package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import io.jconmon.it.JournalExport.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The journald driver against the real journald, C conmon (with libsystemd) vs jconmon: the same
 * container output read back with {@code journalctl -o export CONTAINER_ID_FULL=<id>}, every field
 * conmon sets compared (conmon-interface.md §5.3).
 *
 * <p>Ignored: journald's own trusted fields ({@code _PID}, {@code _COMM}, {@code __CURSOR},
 * timestamps, ...: they name the sender and the moment), and {@code CODE_FILE}/{@code CODE_LINE}/
 * {@code CODE_FUNC}, which libsystemd's {@code sd_journal_sendv} macro adds to C conmon's entries
 * with C conmon's source location (§5.3.1). jconmon has no C source location to give and does not
 * invent one: that difference is asserted, not hidden.
 */
class JournaldDifferentialTest {
    private static final String STDOUT = "6";
    private static final String STDERR = "3";
    private static final List<String> CODE_FIELDS = List.of("CODE_FILE", "CODE_LINE", "CODE_FUNC");

    /** Short lines, each one write: their entries are the same whatever the pipe timing. */
    private static final String SHORT_LINES = "printf 'short line\\n'; printf 'crlf\\r\\n'; printf 'nul\\000byte\\n';"
            + " printf 'bad\\377\\376utf8 \\303\\n'; printf 'err line\\n' >&2; printf '\\n'; usleep 50000; ";

    @Test
    void linesOver8And64KiBCrlfNulInvalidUtf8AndUnterminatedTailsMatchCConmonFieldByField() throws Exception {
        String script = SHORT_LINES
                + "head -c 9000 /dev/zero | tr '\\000' a; echo; "
                + "head -c 70000 /dev/zero | tr '\\000' b; echo; "
                + "head -c 20000 /dev/zero | tr '\\000' e >&2; echo >&2; usleep 50000; "
                + "printf 'err no newline' >&2; printf 'tail without newline'";
        Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> journald(new Spec("/bin/sh", "-c", script))
                .extra("--log-tag", "jtag"));
        byte[] out = ("short line\ncrlf\r\nnul\0byte\nbad\u00ff\u00feutf8 \u00c3\n\n" + "a".repeat(9000) + "\n"
                + "b".repeat(70000) + "\ntail without newline").getBytes(StandardCharsets.ISO_8859_1);
        byte[] err = ("err line\n" + "e".repeat(20000) + "\nerr no newline").getBytes(StandardCharsets.ISO_8859_1);
        List<Entry> c = entriesOf(r[0], out.length + err.length);
        List<Entry> j = entriesOf(r[1], out.length + err.length);
        for (var run : List.of(Map.entry(r[0], c), Map.entry(r[1], j))) {
            String who = run.getKey().monitor().name();
            List<Entry> entries = run.getValue();
            assertArrayEquals(out, JournalExport.messages(entries, STDOUT), who + ": stdout reassembled from MESSAGE");
            assertArrayEquals(err, JournalExport.messages(entries, STDERR), who + ": stderr reassembled from MESSAGE");
            for (Entry e : entries) {
                checkPartialMarking(who, e);
            }
        }
        // Short lines are whole entries under both; every field conmon sets, compared exactly.
        assertEquals(shortEntries(r[0], c), shortEntries(r[1], j), "entries of the short lines, all fields");
        assertEquals(List.of(
                "CONTAINER_ID={SHORT} CONTAINER_ID_FULL={ID} CONTAINER_NAME=name-{ID} CONTAINER_TAG=jtag"
                        + " MESSAGE=short line\\x0a PRIORITY=6 SYSLOG_IDENTIFIER=jtag"),
                shortEntries(r[0], c).subList(0, 1), "C reference: the first entry");
        sameFieldNames(c, j);
        Compare.completed(r[0], "0");
        Compare.completed(r[1], "0");
        Compare.sameRun(r[0], r[1]);
    }

    @Test
    void ttyOutputMatchesCConmonFieldByField() throws Exception {
        Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> {
            Spec s = journald(new Spec("/bin/sh", "-c", "echo tty line; printf 'raw\\r\\n'; head -c 12000 /dev/zero | tr '\\000' t;"
                    + " echo; usleep 50000; printf 'no newline'")).extra("-t");
            s.bundleTty = true;
            return s;
        });
        // The pty turns \n into \r\n (and \r\n into \r\r\n); everything is stdout.
        byte[] out = ("tty line\r\nraw\r\r\n" + "t".repeat(12000) + "\r\nno newline").getBytes(StandardCharsets.ISO_8859_1);
        List<Entry> c = entriesOf(r[0], out.length);
        List<Entry> j = entriesOf(r[1], out.length);
        for (var run : List.of(Map.entry(r[0], c), Map.entry(r[1], j))) {
            String who = run.getKey().monitor().name();
            assertArrayEquals(out, JournalExport.messages(run.getValue(), STDOUT), who + ": tty output reassembled");
            assertArrayEquals(new byte[0], JournalExport.messages(run.getValue(), STDERR), who + ": nothing on stderr");
            run.getValue().forEach(e -> checkPartialMarking(who, e));
        }
        assertEquals(shortEntries(r[0], c), shortEntries(r[1], j), "entries of the short lines, all fields");
        sameFieldNames(c, j);
        Compare.completed(r[0], "0");
        Compare.completed(r[1], "0");
        Compare.sameRun(r[0], r[1]);
    }

    /**
     * Entries too large for one datagram (§5.3.1): a 120 000-byte tag makes every entry carry
     * 240 KB of CONTAINER_TAG + SYSLOG_IDENTIFIER, beyond the 212 992-byte socket buffer jconmon
     * sends with, so each goes to journald through a sealed memfd (C conmon's libsystemd raises its
     * buffer to 8 MB and sends the same entries as datagrams). A 1 MiB and a 200 KiB line arrive
     * whole: their partial entries (§5.3.3) concatenate to exactly the bytes written.
     */
    @Test
    void entriesTooLargeForADatagramArriveWholeThroughAMemfdLikeCConmonsDatagrams() throws Exception {
        String tag = "T".repeat(120_000);
        String script = "printf 'small\\n'; head -c 1048576 /dev/zero | tr '\\000' m; echo;"
                + " head -c 204800 /dev/zero | tr '\\000' k >&2; echo >&2";
        Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> journald(new Spec("/bin/sh", "-c", script))
                .extra("--log-tag", tag));
        byte[] out = ("small\n" + "m".repeat(1048576) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] err = ("k".repeat(204800) + "\n").getBytes(StandardCharsets.US_ASCII);
        List<Entry> c = entriesOf(r[0], out.length + err.length);
        List<Entry> j = entriesOf(r[1], out.length + err.length);
        for (var run : List.of(Map.entry(r[0], c), Map.entry(r[1], j))) {
            String who = run.getKey().monitor().name();
            List<Entry> entries = run.getValue();
            assertArrayEquals(out, JournalExport.messages(entries, STDOUT), who + ": the 1 MiB line, reassembled");
            assertArrayEquals(err, JournalExport.messages(entries, STDERR), who + ": the 200 KiB line, reassembled");
            for (Entry e : entries) {
                assertEquals(tag, e.text("CONTAINER_TAG"), who + ": CONTAINER_TAG");
                assertEquals(tag, e.text("SYSLOG_IDENTIFIER"), who + ": SYSLOG_IDENTIFIER");
                checkPartialMarking(who, e);
            }
            assertTrue(entries.size() > 1 + 1048576 / 16384, who + ": long lines arrive as partial entries of"
                    + " at most 16 KiB (§5.3.3), got " + entries.size() + " entries");
        }
        assertEquals(shortEntries(r[0], c), shortEntries(r[1], j), "the short line's entry, all fields");
        sameFieldNames(c, j);
        Compare.completed(r[0], "0");
        Compare.completed(r[1], "0");
        Compare.sameRun(r[0], r[1]);
    }

    /**
     * conmon 2.2's journald options, which the C conmon here (2.1.6) predates, so against the spec
     * alone (§5.3.2): every {@code --log-label KEY=VALUE} is a field of every entry, and
     * {@code --no-container-partial-message} leaves CONTAINER_PARTIAL_MESSAGE off partial entries.
     */
    @Test
    void logLabelsAndNoContainerPartialMessageReachTheRealJournal() throws Exception {
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, journald(new Spec("/bin/sh", "-c",
                "echo one; head -c 10000 /dev/zero | tr '\\000' p; echo; printf 'no newline'"))
                .extra("--log-label", "APP=shop", "--log-label", "TEAM_2=ops-east", "--no-container-partial-message"));
        byte[] out = ("one\n" + "p".repeat(10000) + "\nno newline").getBytes(StandardCharsets.US_ASCII);
        List<Entry> entries = entriesOf(o, out.length);
        assertArrayEquals(out, JournalExport.messages(entries, STDOUT), "stdout reassembled");
        boolean sawPartial = false;
        for (Entry e : entries) {
            assertEquals("shop", e.text("APP"), describe(o, e));
            assertEquals("ops-east", e.text("TEAM_2"), describe(o, e));
            assertNull(e.get("CONTAINER_PARTIAL_MESSAGE"), describe(o, e));
            byte[] m = e.message();
            sawPartial |= m[m.length - 1] != '\n';
        }
        assertTrue(sawPartial, "the 10000-byte line and the unterminated tail give partial entries");
        Compare.completed(o, "0");
    }

    /** {@code -l journald} plus the k8s-file log the harness reads (conmon accumulates drivers, §5.1). */
    static Spec journald(Spec s) {
        return s.log("journald").extra("-l", "k8s-file:{W}/ctr.log");
    }

    /**
     * The entries of one run, read back once their MESSAGEs add up to {@code bytes} (journald
     * writes asynchronously) or after 15 s.
     */
    static List<Entry> entriesOf(Outcome o, int bytes) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<Entry> entries;
        while (true) {
            entries = JournalExport.read(null, "CONTAINER_ID_FULL=" + o.id());
            int total = 0;
            for (Entry e : entries) {
                total += e.message() == null ? 0 : e.message().length;
            }
            if (total >= bytes || System.nanoTime() > deadline) {
                return entries;
            }
            Thread.sleep(100);
        }
    }

    /** §5.3.2: CONTAINER_PARTIAL_MESSAGE=true exactly on entries whose MESSAGE is not a whole line. */
    private static void checkPartialMarking(String who, Entry e) {
        byte[] m = e.message();
        assertNotNull(m, who + ": an entry without MESSAGE: " + e.fields().keySet());
        boolean whole = m.length > 0 && m[m.length - 1] == '\n';
        if (whole) {
            assertNull(e.get("CONTAINER_PARTIAL_MESSAGE"), who + ": a whole line is not marked partial");
        } else {
            assertEquals("true", e.text("CONTAINER_PARTIAL_MESSAGE"), who + ": a partial entry of "
                    + m.length + " bytes must be marked");
        }
        // At most the 8191 held bytes plus one 8192-byte read (§5.3.3) and the newline.
        assertTrue(m.length <= 8191 + 8192 + 1, who + ": an entry of " + m.length + " bytes");
    }

    /**
     * The entries of lines shorter than 100 bytes (one entry each under any pipe timing; the
     * pieces of longer lines depend on how reads cut them), per stream, as "FIELD=value ..." with
     * every field but journald's trusted ones and libsystemd's CODE_*, values escaped and the
     * run's ids replaced by {ID}/{SHORT}.
     */
    private static List<String> shortEntries(Outcome o, List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (String priority : List.of(STDOUT, STDERR)) {
            List<Entry> line = new ArrayList<>();
            int length = 0;
            for (Entry e : entries) {
                if (!priority.equals(e.text("PRIORITY"))) {
                    continue;
                }
                line.add(e);
                byte[] m = e.message();
                length += m.length;
                if (m.length > 0 && m[m.length - 1] == '\n') {
                    if (length < 100) {
                        line.forEach(x -> out.add(describe(o, x)));
                    }
                    line.clear();
                    length = 0;
                }
            }
            if (!line.isEmpty() && length < 100) {
                line.forEach(x -> out.add(describe(o, x)));
            }
        }
        return out;
    }

    static String describe(Outcome o, Entry e) {
        Map<String, String> shown = new TreeMap<>();
        e.fields().forEach((k, values) -> {
            if (!ignored(k)) {
                List<String> vs = new ArrayList<>();
                for (byte[] v : values) {
                    String s = K8sLog.escape(v).replace(o.id(), "{ID}").replace(o.id().substring(0, 12), "{SHORT}");
                    vs.add(s);
                }
                shown.put(k, String.join("|", vs));
            }
        });
        StringBuilder b = new StringBuilder();
        shown.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    private static boolean ignored(String field) {
        return field.startsWith("_") || CODE_FIELDS.contains(field);
    }

    /** Same field names on every entry under both, apart from the documented CODE_* difference. */
    private static void sameFieldNames(List<Entry> c, List<Entry> j) {
        TreeSet<String> cNames = new TreeSet<>();
        TreeSet<String> jNames = new TreeSet<>();
        for (Entry e : c) {
            for (String k : e.fields().keySet()) {
                if (!k.startsWith("_")) {
                    cNames.add(k);
                }
            }
        }
        for (Entry e : j) {
            for (String k : e.fields().keySet()) {
                if (!k.startsWith("_")) {
                    jNames.add(k);
                }
            }
        }
        assertTrue(cNames.containsAll(CODE_FIELDS), "C conmon's libsystemd adds CODE_FILE/LINE/FUNC: " + cNames);
        for (String k : CODE_FIELDS) {
            assertTrue(!jNames.contains(k), "jconmon sends no C source location: " + jNames);
        }
        cNames.removeAll(CODE_FIELDS);
        assertEquals(cNames, jNames, "field names used");
    }
}
