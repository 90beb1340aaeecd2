package io.jconmon.core.journald;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.UnixSockets;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import io.jconmon.tck.RecordingContext;
import io.jconmon.tck.TestRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journald driver against a real datagram socket standing in for journald's. */
class JournaldDriverTest {
    @TempDir
    Path dir;
    private int dirFd;
    private int journal;
    private final RecordingContext context = new RecordingContext();

    @BeforeEach
    void bindFakeJournal() throws Exception {
        dirFd = LibC.open(dir.toString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        journal = UnixSockets.bindAt(dirFd, "socket", UnixSockets.SOCK_DGRAM, 0700);
    }

    @AfterEach
    void close() {
        LibC.closeQuietly(journal);
        LibC.closeQuietly(dirFd);
    }

    @Test
    void aCompleteLineCarriesConmonsFieldsInConmonsOrder() throws Exception {
        LogDriver d = open(Optional.of("tagged"), Optional.of("web"), Map.of("APP", "shop"), true);
        assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDERR, "boom", false)));
        assertEquals(List.of("MESSAGE=boom\n", "CONTAINER_ID_FULL=0123456789abcdef01", "PRIORITY=3",
                "CONTAINER_ID=0123456789ab", "CONTAINER_TAG=tagged", "CONTAINER_NAME=web",
                "SYSLOG_IDENTIFIER=tagged", "APP=shop"), receive());
        d.close();
    }

    @Test
    void partialPiecesAreHeldAndJoinedToTheRestOfTheLine() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        d.write(record(LogStream.STDOUT, "hel", true));
        d.write(record(LogStream.STDOUT, "lo", false));
        List<String> fields = receive();
        assertEquals("MESSAGE=hello\n", fields.get(0));
        assertEquals("SYSLOG_IDENTIFIER=0123456789ab", fields.get(4));
        assertFalse(fields.contains("CONTAINER_PARTIAL_MESSAGE=true"));
        d.close();
    }

    @Test
    void aLineLongerThanTheHoldBufferGoesOutAsPartialEntries() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.of("n"), Map.of(), true);
        String big = "x".repeat(8192);
        d.write(record(LogStream.STDOUT, big, true));
        List<String> fields = receive();
        assertEquals("MESSAGE=" + big, fields.get(0));
        assertEquals("CONTAINER_PARTIAL_MESSAGE=true", fields.get(fields.size() - 1));
        d.close();
    }

    @Test
    void noContainerPartialMessageLeavesTheFieldOut() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), false);
        d.write(record(LogStream.STDOUT, "y".repeat(9000), true));
        assertFalse(receive().contains("CONTAINER_PARTIAL_MESSAGE=true"));
        d.close();
    }

    @Test
    void whatIsHeldAtCloseGoesOutPartial() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        d.write(record(LogStream.STDOUT, "tail without newline", true));
        d.close();
        List<String> fields = receive();
        assertEquals("MESSAGE=tail without newline", fields.get(0));
        assertEquals("CONTAINER_PARTIAL_MESSAGE=true", fields.get(fields.size() - 1));
    }

    @Test
    void aDeadJournalDropsAndCountsInsteadOfBlocking() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        LibC.closeQuietly(journal);
        java.nio.file.Files.delete(dir.resolve("socket"));
        assertEquals(WriteResult.DROPPED, d.write(record(LogStream.STDOUT, "lost", false)));
        journal = UnixSockets.bindAt(dirFd, "socket", UnixSockets.SOCK_DGRAM, 0700);
        assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "back", false)));
        assertEquals("MESSAGE=back\n", receive().get(0));
        d.close();
    }

    @Test
    void aBusyJournalIsWaitedForInsteadOfLosingEntries() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        int entries = 200; // far more than the kernel queues (net.unix.max_dgram_qlen, 10 by default)
        List<String> received = new ArrayList<>();
        Thread slowJournal = Thread.ofPlatform().start(() -> {
            try {
                while (received.size() < entries) {
                    received.add(receive().get(0));
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < entries; i++) {
            assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "line " + i, false)), "line " + i);
        }
        slowJournal.join();
        assertEquals("MESSAGE=line 199\n", received.get(entries - 1));
        assertEquals(0, context.droppedRecords());
        d.close();
    }

    @Test
    void anEntryTooLargeForADatagramArrivesAsASealedMemfd() throws Exception {
        // 300 KB of label: more than the socket buffers (212992 bytes by default) let one datagram carry.
        String big = "L".repeat(300_000);
        LogDriver d = open(Optional.empty(), Optional.of("n"), Map.of("BIG", big), true);
        assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "large entry", false)));
        byte[] buf = new byte[1024];
        UnixSockets.ReceivedMessage m = null;
        for (int i = 0; i < 200 && m == null; i++) {
            try {
                m = UnixSockets.receiveWithFds(journal, buf, 4);
            } catch (io.jconmon.core.sys.NativeException e) {
                Thread.sleep(5);
            }
        }
        assertEquals(0, m.length(), "the datagram itself is empty");
        assertEquals(1, m.fds().length, "it carries one fd");
        int memfd = m.fds()[0];
        try {
            int seals = LibC.fcntl(memfd, LibC.F_GET_SEALS, 0);
            int wanted = LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_WRITE | LibC.F_SEAL_SEAL;
            assertEquals(wanted, seals & wanted, "journald maps only a memfd sealed against change");
            byte[] content = java.nio.file.Files.readAllBytes(Path.of("/proc/self/fd/" + memfd));
            List<String> fields = decode(content, content.length);
            assertEquals("MESSAGE=large entry\n", fields.get(0));
            assertEquals("BIG=" + big, fields.get(fields.size() - 1));
        } finally {
            LibC.closeQuietly(memfd);
        }
        d.close();
    }

    @Test
    void aJournalThatStopsTakingEntriesCostsOneSecondThenEntriesAreDroppedAtOnce() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        int accepted = 0;
        long start = 0;
        WriteResult result;
        do {
            start = System.nanoTime();
            result = d.write(record(LogStream.STDOUT, "line " + accepted, false));
        } while (result == WriteResult.ACCEPTED && ++accepted < 10_000);
        long waited = System.nanoTime() - start;
        assertEquals(WriteResult.DROPPED, result, "after " + accepted + " entries nobody reads");
        assertTrue(waited >= 900_000_000L, "waited only " + waited + " ns for the full queue");
        start = System.nanoTime();
        assertEquals(WriteResult.DROPPED, d.write(record(LogStream.STDOUT, "not waited for", false)));
        long second = System.nanoTime() - start;
        assertTrue(second < 500_000_000L, "waited again: " + second + " ns");
        assertEquals("MESSAGE=line 0\n", receive().get(0)); // room for one again
        assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "back", false)));
        d.close();
    }

    private LogDriver open(Optional<String> tag, Optional<String> name, Map<String, String> labels, boolean partial)
            throws Exception {
        return open(tag, name, labels, partial, Map.of());
    }

    private LogDriver open(Optional<String> tag, Optional<String> name, Map<String, String> labels, boolean partial,
                           Map<String, String> extra) throws Exception {
        ContainerInfo c = new ContainerInfo() {
            public String id() { return "0123456789abcdef01"; }
            public Optional<String> uuid() { return Optional.empty(); }
            public Optional<String> name() { return name; }
            public Optional<String> tag() { return tag; }
            public Map<String, String> labels() { return new LinkedHashMap<>(labels); }
            public Optional<Path> bundle() { return Optional.empty(); }
            public boolean isExec() { return false; }
            public boolean isTerminal() { return false; }
        };
        Map<String, String> options = new LinkedHashMap<>();
        options.put("socket", dir.resolve("socket").toString());
        options.put("partial-message", Boolean.toString(partial));
        options.putAll(extra);
        return new JournaldDriverFactory().open(c, options, context);
    }

    private String field(List<String> entry, String key) {
        return entry.stream().filter(f -> f.startsWith(key + "=")).findFirst().orElse(null);
    }

    @Test
    void byDefaultAPriorityPrefixStaysInTheMessageAndPriorityFollowsTheStreamForPodmansReader() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        d.write(record(LogStream.STDOUT, "<4>warn", false));
        List<String> e = receive();
        assertEquals("MESSAGE=<4>warn\n", e.get(0));
        assertEquals("PRIORITY=6", field(e, "PRIORITY"));
        assertEquals("CONTAINER_PRIORITY=4", field(e, "CONTAINER_PRIORITY"));
        d.write(record(LogStream.STDERR, "<8>not a priority", false));
        e = receive();
        assertEquals("PRIORITY=3", field(e, "PRIORITY"));
        assertEquals(null, field(e, "CONTAINER_PRIORITY"));
        d.close();
    }

    @Test
    void priorityPrefixModeIsConmon22sPriorityWithThePrefixCutOnlyAtTheStartOfALine() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true, Map.of("priority", "prefix"));
        d.write(record(LogStream.STDOUT, "<2>crit", false));
        List<String> e = receive();
        assertEquals("MESSAGE=crit\n", e.get(0));
        assertEquals("PRIORITY=2", field(e, "PRIORITY"));
        // A long line: the first piece goes out partial; "<5>" in the next piece is not a line start.
        d.write(record(LogStream.STDOUT, "x".repeat(9000), true));
        assertEquals("PRIORITY=6", field(receive(), "PRIORITY"));
        d.write(record(LogStream.STDOUT, "<5>tail", false));
        e = receive();
        assertEquals("MESSAGE=<5>tail\n", e.get(0));
        assertEquals("PRIORITY=6", field(e, "PRIORITY"));
        d.close();
    }

    @Test
    void anUnknownPriorityModeIsRefusedBeforeTheContainerStarts() {
        assertEquals("journald: option priority: not stream or prefix: \"loud\"",
                org.junit.jupiter.api.Assertions.assertThrows(io.jconmon.spi.LogDriverException.class,
                        () -> open(Optional.empty(), Optional.empty(), Map.of(), true, Map.of("priority", "loud")))
                        .getMessage());
    }

    private static LogRecord record(LogStream stream, String text, boolean partial) {
        return new TestRecord(stream, 0, partial, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes one datagram of the native protocol into "KEY=value" strings. */
    private List<String> receive() throws Exception {
        byte[] buf = new byte[256 * 1024];
        long n = -11;
        for (int i = 0; i < 200 && n < 0; i++) {
            n = LibC.read(journal, buf, 0, buf.length);
            if (n < 0) {
                Thread.sleep(5);
            }
        }
        return decode(buf, (int) n);
    }

    private static List<String> decode(byte[] buf, int n) {
        List<String> fields = new ArrayList<>();
        int p = 0;
        while (p < n) {
            int end = p;
            while (buf[end] != '=' && buf[end] != '\n') {
                end++;
            }
            String key = new String(buf, p, end - p, StandardCharsets.US_ASCII);
            if (buf[end] == '=') {
                int nl = end + 1;
                while (buf[nl] != '\n') {
                    nl++;
                }
                fields.add(key + "=" + new String(buf, end + 1, nl - end - 1, StandardCharsets.UTF_8));
                p = nl + 1;
            } else {
                long size = ByteBuffer.wrap(buf, end + 1, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                fields.add(key + "=" + new String(buf, end + 9, (int) size, StandardCharsets.UTF_8));
                p = end + 9 + (int) size + 1;
            }
        }
        return fields;
    }
}
