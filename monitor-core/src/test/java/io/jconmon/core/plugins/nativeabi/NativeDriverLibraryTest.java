package io.jconmon.core.plugins.nativeabi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the real C drivers native-abi builds (the example and the test-only ones) through
 * {@link NativeDriverLibrary} and drives them through the SPI, as the monitor would.
 */
class NativeDriverLibraryTest {
    private static final long TS = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    private final RecordingContext context = new RecordingContext();

    static Path exampleDriver(String name) {
        return Path.of(System.getProperty("jconmon.exampleDrivers"), name + ".so");
    }

    static Path testDriver(String name) {
        return Path.of(System.getProperty("jconmon.testDrivers"), name + ".so");
    }

    static LogDriverFactory factoryOf(Path so) throws LogDriverException {
        LogDriverPlugin plugin = NativeDriverLibrary.load(so);
        List<LogDriverFactory> factories = new ArrayList<>();
        plugin.driverFactories().forEach(factories::add);
        assertEquals(1, factories.size(), "one .so, one driver");
        return factories.getFirst();
    }

    private LogDriver open(Path so, Map<String, String> options) throws LogDriverException {
        return factoryOf(so).open(TestContainer.minimal(), options, context);
    }

    /** The host's own record over {@code buffer[start, end)}, rewound as LogFanout does before each driver. */
    private static ReusableRecord hostRecord(byte[] buffer, LogStream stream, boolean partial, int start, int end) {
        ReusableRecord r = new ReusableRecord(buffer);
        r.set(stream, TS, partial, start, end);
        r.rewind();
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // --- the example driver ----------------------------------------------------------------------

    @Test
    void exampleDriverDeclaresItsNameAndOptions() throws Exception {
        LogDriverFactory f = factoryOf(exampleDriver("example-file"));
        assertEquals("example-file", f.name());
        assertEquals(List.of("path", "buffer-size"), List.copyOf(f.optionNames()));
    }

    @Test
    void exampleDriverWritesEveryRecordByteForByteAndBuffersUntilFlush() throws Exception {
        Path log = dir.resolve("ctr.log");
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", log.toString()));
        // One read buffer, as the monitor's: a full line, a partial one, an empty line, raw bytes.
        byte[] buffer = concat(bytes("hello\n"), bytes("wörld"), new byte[] {0, (byte) 0xff, 'x', '\r'});
        assertEquals(WriteResult.ACCEPTED, driver.write(hostRecord(buffer, LogStream.STDOUT, false, 0, 5)));
        assertEquals(WriteResult.ACCEPTED, driver.write(hostRecord(buffer, LogStream.STDERR, true, 6, 12)));
        assertEquals(WriteResult.ACCEPTED, driver.write(hostRecord(buffer, LogStream.STDOUT, false, 5, 5)));
        assertEquals(WriteResult.ACCEPTED, driver.write(hostRecord(buffer, LogStream.STDOUT, true, 12, 16)));
        assertEquals(0, Files.size(log), "buffered until flush");
        assertEquals(WriteResult.ACCEPTED, driver.flush());
        byte[] expected = concat(
                bytes(TS + " stdout F 5 hello\n"),
                bytes(TS + " stderr P 6 wörld\n"),
                bytes(TS + " stdout F 0 \n"),
                bytes(TS + " stdout P 4 "), new byte[] {0, (byte) 0xff, 'x', '\r', '\n'});
        assertArrayEquals(expected, Files.readAllBytes(log));
        driver.close();
        assertArrayEquals(expected, Files.readAllBytes(log), "close adds nothing when all was flushed");
        assertEquals(List.of(), context.messages);
    }

    @Test
    void exampleDriverWithoutBufferWritesAtOnceAndCloseFlushes() throws Exception {
        Path unbuffered = dir.resolve("unbuffered.log");
        Path buffered = dir.resolve("buffered.log");
        LogDriver now = open(exampleDriver("example-file"), Map.of("path", unbuffered.toString(), "buffer-size", "0"));
        LogDriver later = open(exampleDriver("example-file"), Map.of("path", buffered.toString()));
        byte[] buffer = bytes("line");
        now.write(hostRecord(buffer, LogStream.STDOUT, false, 0, 4));
        later.write(hostRecord(buffer, LogStream.STDOUT, false, 0, 4));
        assertEquals(TS + " stdout F 4 line\n", Files.readString(unbuffered));
        assertEquals("", Files.readString(buffered));
        now.close();
        later.close();
        assertEquals(TS + " stdout F 4 line\n", Files.readString(buffered));
    }

    @Test
    void recordsLargerThanTheBufferGoStraightToTheFileInOrder() throws Exception {
        Path log = dir.resolve("big.log");
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", log.toString(), "buffer-size", "64"));
        byte[] big = new byte[8192];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        driver.write(hostRecord(bytes("small"), LogStream.STDOUT, false, 0, 5));
        driver.write(hostRecord(big, LogStream.STDOUT, true, 0, big.length));
        driver.write(hostRecord(bytes("tail"), LogStream.STDOUT, false, 0, 4));
        driver.close();
        byte[] expected = concat(bytes(TS + " stdout F 5 small\n"), bytes(TS + " stdout P 8192 "), big,
                bytes("\n" + TS + " stdout F 4 tail\n"));
        assertArrayEquals(expected, Files.readAllBytes(log));
    }

    @Test
    void recordsThatAreNotTheHostsOwnAreCopiedFirst() throws Exception {
        Path log = dir.resolve("copied.log");
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", log.toString(), "buffer-size", "0"));
        byte[] backing = bytes("--abc--");
        // A read-only view (no array visible) and a writable slice with an array offset.
        driver.write(new BufferRecord(ByteBuffer.wrap(backing, 2, 3).slice().asReadOnlyBuffer()));
        driver.write(new BufferRecord(ByteBuffer.wrap(backing, 1, 5).slice().position(1).limit(4)));
        driver.write(new BufferRecord(ByteBuffer.allocateDirect(2).put(bytes("dd")).flip()));
        driver.close();
        assertEquals(TS + " stdout F 3 abc\n" + TS + " stdout F 3 abc\n" + TS + " stdout F 2 dd\n",
                Files.readString(log));
    }

    @Test
    void reopenFollowsARenamedFile() throws Exception {
        Path log = dir.resolve("ctr.log");
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", log.toString()));
        driver.write(hostRecord(bytes("before"), LogStream.STDOUT, false, 0, 6));
        driver.flush();
        Files.move(log, dir.resolve("ctr.log.1"));
        driver.write(hostRecord(bytes("buffered"), LogStream.STDOUT, false, 0, 8));
        driver.reopen();
        driver.write(hostRecord(bytes("after"), LogStream.STDOUT, false, 0, 5));
        driver.close();
        assertEquals(TS + " stdout F 6 before\n" + TS + " stdout F 8 buffered\n",
                Files.readString(dir.resolve("ctr.log.1")), "what was buffered belongs to the old file");
        assertEquals(TS + " stdout F 5 after\n", Files.readString(log));
    }

    @Test
    void reopenFailureCarriesTheDriversMessage() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path log = sub.resolve("ctr.log");
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", log.toString()));
        Files.delete(log);
        Files.delete(sub);
        LogDriverException e = assertThrows(LogDriverException.class, driver::reopen);
        assertEquals("log driver example-file: cannot reopen " + log + ": No such file or directory", e.getMessage());
        driver.close();
    }

    @Test
    void openFailuresCarryTheDriversMessage() throws Exception {
        Path so = exampleDriver("example-file");
        LogDriverException missingDir = assertThrows(LogDriverException.class,
                () -> open(so, Map.of("path", "/nonexistent/dir/ctr.log")));
        assertEquals("log driver example-file (" + so + "): cannot open /nonexistent/dir/ctr.log: No such file or directory",
                missingDir.getMessage());
        LogDriverException noPath = assertThrows(LogDriverException.class, () -> open(so, Map.of()));
        assertEquals("log driver example-file (" + so + "): needs a file: -l example-file:/path/to/file",
                noPath.getMessage());
        LogDriverException badSize = assertThrows(LogDriverException.class,
                () -> open(so, Map.of("path", dir.resolve("x").toString(), "buffer-size", "-1")));
        assertTrue(badSize.getMessage().endsWith("buffer-size must be a number of bytes from 0 to 67108864, not -1"),
                badSize.getMessage());
    }

    @Test
    void aClosedDriverFailsAndClosesOnce() throws Exception {
        LogDriver driver = open(exampleDriver("example-file"), Map.of("path", dir.resolve("c.log").toString()));
        driver.close();
        driver.close();
        assertEquals(WriteResult.FAILED, driver.write(hostRecord(bytes("x"), LogStream.STDOUT, false, 0, 1)));
        assertEquals(WriteResult.FAILED, driver.flush());
    }

    // --- status codes and the host API -----------------------------------------------------------

    @Test
    void retryMeansRetryLaterAndTheRecordArrivesOnceWhenTaken() throws Exception {
        Path out = dir.resolve("retry.out");
        LogDriver driver = open(testDriver("test-retry"), Map.of("path", out.toString(), "retries", "2"));
        ReusableRecord r = hostRecord(bytes("once"), LogStream.STDERR, false, 0, 4);
        assertEquals(WriteResult.RETRY_LATER, driver.write(r));
        r.rewind();
        assertEquals(WriteResult.RETRY_LATER, driver.write(r));
        r.rewind();
        assertEquals(WriteResult.ACCEPTED, driver.write(r));
        driver.close();
        assertEquals("stderr F 4 once\n", Files.readString(out));
    }

    @Test
    void errorFailsAndEveryUnknownStatusIsAnError() throws Exception {
        Map<String, WriteResult> expected = new LinkedHashMap<>();
        expected.put("3", WriteResult.FAILED);
        expected.put("42", WriteResult.FAILED);
        expected.put("-1", WriteResult.FAILED);
        expected.put("2147483647", WriteResult.FAILED);
        expected.put("0", WriteResult.ACCEPTED);
        expected.put("1", WriteResult.RETRY_LATER);
        expected.put("2", WriteResult.DROPPED);
        for (Map.Entry<String, WriteResult> e : expected.entrySet()) {
            LogDriver driver = open(testDriver("test-error"), Map.of("status", e.getKey()));
            assertEquals(e.getValue(), driver.write(hostRecord(bytes("r"), LogStream.STDOUT, false, 0, 1)),
                    "status " + e.getKey());
            driver.close();
        }
        assertEquals(7, context.messages.size());
        assertEquals("ERROR refusing a record", context.messages.getFirst());
    }

    @Test
    void dropIsDroppedAndTheHostApiWorksDuringWritesAndFromOtherThreads() throws Exception {
        LogDriver driver = open(testDriver("test-drop"), Map.of());
        assertEquals(WriteResult.DROPPED, driver.write(hostRecord(bytes("abc"), LogStream.STDOUT, false, 0, 3)));
        assertEquals(List.of("WARNING dropping abc"), context.messages, "logged while the record was pinned");
        assertEquals(0, context.droppedRecords[0] + context.droppedRecords[1], "the host, not the bridge, counts DROP");
        assertEquals(WriteResult.ACCEPTED, driver.flush());
        assertEquals(List.of("WARNING dropping abc", "INFO counted from a thread"), context.messages);
        assertEquals(2, context.droppedRecords[LogStream.STDERR.ordinal()]);
        assertEquals(10, context.droppedBytes[LogStream.STDERR.ordinal()]);
        assertEquals(0, context.droppedRecords[LogStream.STDOUT.ordinal()]);
        driver.close();
    }

    @Test
    void theDriverSeesTheContainerAndItsOptions() throws Exception {
        Path out = dir.resolve("info.out");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "wéb");
        labels.put("tier", "");
        TestContainer full = new TestContainer(TestContainer.ID, Optional.of("uuid-1"), Optional.of("web"),
                Optional.of("tag x"), labels, Optional.of(Path.of("/b/s")), true, true);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("path", out.toString());
        options.put("retries", "7");
        factoryOf(testDriver("test-info")).open(full, options, context).close();
        factoryOf(testDriver("test-info")).open(TestContainer.minimal(), Map.of("path", out.toString()), context)
                .close();
        assertEquals("""
                host abi=1 struct_size=32
                id=%1$s uuid=uuid-1 name=web tag=tag x bundle=/b/s flags=3
                label app=wéb
                label tier=
                option path=%2$s
                option retries=7
                host abi=1 struct_size=32
                id=%1$s uuid=(null) name=(null) tag=(null) bundle=(null) flags=0
                option path=%2$s
                """.formatted(TestContainer.ID, out), Files.readString(out));
    }

    // --- libraries the host must refuse ----------------------------------------------------------

    @Test
    void loadErrorsNameTheLibraryAndTheCause() throws Exception {
        Path notElf = Files.writeString(dir.resolve("text.so"), "not a library\n".repeat(100));
        Map<Path, String> expected = new LinkedHashMap<>();
        expected.put(dir.resolve("missing.so"), ": no such file");
        expected.put(notElf, ": cannot load it: " + notElf + ": invalid ELF header");
        expected.put(testDriver("not-a-driver"), ": not a jconmon log driver: it has no symbol jconmon_driver_entry");
        expected.put(testDriver("test-abi-too-new"),
                ": ABI version mismatch: the driver says version 999, this jconmon supports 1 to 1");
        expected.put(testDriver("test-small-struct"),
                ": jconmon_driver.struct_size is 8, too small: ABI version 1 needs at least 64");
        expected.put(testDriver("test-refuses"),
                ": the driver refused this host's ABI version 1 (jconmon_driver_entry returned NULL)");
        expected.put(testDriver("test-bad-name"),
                ": the driver's name is missing or not made of [A-Za-z0-9._-] (at most 64 bytes)");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            LogDriverException ex = assertThrows(LogDriverException.class, () -> NativeDriverLibrary.load(e.getKey()));
            assertEquals("C log driver " + e.getKey() + e.getValue(), ex.getMessage());
        }
    }

    /** A record that is not the host's own: its bytes sit in an arbitrary buffer. */
    private record BufferRecord(ByteBuffer buffer) implements LogRecord {
        @Override
        public LogStream stream() {
            return LogStream.STDOUT;
        }

        @Override
        public long timestampNanos() {
            return TS;
        }

        @Override
        public boolean isPartial() {
            return false;
        }

        @Override
        public ByteBuffer content() {
            return buffer;
        }

        @Override
        public int length() {
            return buffer.remaining();
        }
    }
}
