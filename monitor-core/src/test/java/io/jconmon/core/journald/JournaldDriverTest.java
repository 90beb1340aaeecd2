package io.jconmon.core.journald;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.UnixSockets;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
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
    private final long[] dropped = new long[2];

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
    void aFullJournalQueueIsWaitedForSoNothingIsLostWhileJournaldKeepsUp() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        int lines = 3000;
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (received.get() < lines && System.nanoTime() < deadline) {
                if (LibC.read(journal, buf, 0, buf.length) > 0) {
                    received.incrementAndGet();
                } else {
                    try {
                        Thread.sleep(1); // a slow journald: the driver outruns it and must wait
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        reader.start();
        for (int i = 0; i < lines; i++) {
            assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "line " + i, false)), "line " + i);
        }
        reader.join(20_000);
        assertEquals(lines, received.get());
        assertEquals(0, dropped[0]);
        d.close();
    }

    @Test
    void aStalledJournalCostsOneBoundedWaitThenEntriesAreDroppedAtOnce() throws Exception {
        LogDriver d = open(Optional.empty(), Optional.empty(), Map.of(), true);
        int accepted = 0;
        long t0 = System.nanoTime();
        WriteResult r;
        // Nobody reads: the queue fills (net.unix.max_dgram_qlen), then one entry waits and is dropped.
        while ((r = d.write(record(LogStream.STDOUT, "queued", false))) == WriteResult.ACCEPTED) {
            accepted++;
        }
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(WriteResult.DROPPED, r);
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 0, "some entries fit in the queue");
        org.junit.jupiter.api.Assertions.assertTrue(waited >= JournalSocket.STALL_MILLIS - 50 && waited < 5_000,
                "the first refused entry waits about " + JournalSocket.STALL_MILLIS + " ms, waited " + waited);
        long t1 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertEquals(WriteResult.DROPPED, d.write(record(LogStream.STDOUT, "stalled", false)));
        }
        long more = (System.nanoTime() - t1) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(more < 500, "later entries are dropped without waiting: " + more + " ms");
        // journald drains its queue: entries are delivered again.
        byte[] buf = new byte[64 * 1024];
        while (LibC.read(journal, buf, 0, buf.length) > 0) {
            // drain
        }
        assertEquals(WriteResult.ACCEPTED, d.write(record(LogStream.STDOUT, "back", false)));
        assertEquals("MESSAGE=back\n", receive().get(0));
        d.close();
    }

    private LogDriver open(Optional<String> tag, Optional<String> name, Map<String, String> labels, boolean partial)
            throws Exception {
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
        DriverContext ctx = new DriverContext() {
            public System.Logger logger() { return System.getLogger("test"); }
            public InstantSource clock() { return InstantSource.system(); }
            public void countDropped(LogStream s, long records, long bytes) { dropped[s.ordinal()] += records; }
        };
        Map<String, String> options = new LinkedHashMap<>();
        options.put("socket", dir.resolve("socket").toString());
        options.put("partial-message", Boolean.toString(partial));
        return new JournaldDriverFactory().open(c, options, ctx);
    }

    private static LogRecord record(LogStream stream, String text, boolean partial) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new LogRecord() {
            public LogStream stream() { return stream; }
            public long timestampNanos() { return 0; }
            public boolean isPartial() { return partial; }
            public ByteBuffer content() { return ByteBuffer.wrap(bytes); }
            public int length() { return bytes.length; }
        };
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
