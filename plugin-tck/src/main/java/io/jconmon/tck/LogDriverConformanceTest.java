package io.jconmon.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite every log driver's tests run: the SPI contract of {@code io.jconmon.spi},
 * checked by writing records the way the host does and reading back what the driver delivered.
 *
 * <p>A driver's test extends this class and says how to open a fresh instance and how to read its
 * output back:
 *
 * <pre>{@code
 * class MyDriverConformanceTest extends LogDriverConformanceTest {
 *     protected LogDriverFactory factory() { return new MyDriverFactory(); }
 *     protected Map<String, String> options(Path dir) { return Map.of("path", dir.resolve("out").toString()); }
 *     protected DriverCapabilities capabilities() { return DriverCapabilities.verbatim().withoutTimestamps(); }
 *     protected List<DeliveredRecord> readBack(DriverSetup setup) throws Exception {
 *         // parse what the driver wrote (a file under setup.dir(), a server's store filtered by
 *         // setup.container().id(), ...) into one DeliveredRecord per record or entry
 *     }
 * }
 * }</pre>
 *
 * <p>What every test checks, besides its own point:
 * <ul>
 *   <li>each write and flush returns {@link WriteResult#ACCEPTED} ({@link WriteResult#RETRY_LATER} is
 *       answered as the host does, by offering the same record again, for up to 10 s);
 *   <li>records come as the host's do: one reused {@link TestRecord} over one reused buffer, the content
 *       a window at a non-zero offset with other bytes around it, its bytes overwritten right after the
 *       write returns, so a driver that keeps a reference to the buffer delivers garbage;
 *   <li>{@link LogDriver#close()} does not throw and delivers everything, flushed or not; what
 *       {@link #readBack} returns after close equals what was written, within {@link #capabilities()};
 *   <li>in these healthy runs the driver neither counts anything as dropped
 *       ({@link io.jconmon.spi.DriverContext#countDropped}: the host counts what a write refused, and
 *       nothing was lost) nor logs a warning or an error.
 * </ul>
 *
 * <p>Records never contain a newline (the host cuts at newlines) and are at most 8192 bytes long
 * (one read), as the SPI promises. The kit's tests are plain JUnit 5 tests: a subclass may add its
 * own, and must not skip the kit's: a driver that cannot run here (its server is down) fails.
 */
public abstract class LogDriverConformanceTest {

    /** A fresh directory for each test, handed to {@link #options} and to {@link #readBack}. */
    @TempDir
    protected Path dir;

    private final RecordingContext context = new RecordingContext();
    private final RecordFeeder feeder = new RecordFeeder(context::messages);
    private DriverSetup setup;

    /** Subclasses are JUnit test classes. */
    protected LogDriverConformanceTest() {}

    /** The factory of the driver under test. */
    protected abstract LogDriverFactory factory();

    /**
     * Options that open a fresh instance writing to a place of its own, for example a file in
     * {@code dir}. Every key must be one of the factory's {@link LogDriverFactory#optionNames()}.
     */
    protected abstract Map<String, String> options(Path dir);

    /** What the driver's output keeps, so the kit compares only that. */
    protected abstract DriverCapabilities capabilities();

    /**
     * Everything the driver instance opened with {@code setup} delivered, oldest first, one entry per
     * record (or per entry, for a driver that assembles lines). Called after the driver is closed,
     * and may be called more than once.
     */
    protected abstract List<DeliveredRecord> readBack(DriverSetup setup) throws Exception;

    /** The container the driver is opened for; by default one with a fresh random id per test. */
    protected ContainerInfo container() {
        return TestContainer.unique();
    }

    // ---- the factory ----

    @Test
    void theNameIsNonEmptyStableAndFitsTheCommandLine() {
        String name = factory().name();
        assertNotNull(name, "name()");
        assertFalse(name.isEmpty(), "name() is empty");
        // -l NAME:ARG is cut at the first ':', --log-opt NAME.KEY=VALUE at the first '.' and '='.
        assertTrue(name.chars().noneMatch(c -> c == ':' || c == '.' || c == '=' || Character.isWhitespace(c)),
                () -> "name() contains ':', '.', '=' or white space: \"" + name + "\"");
        assertEquals(name, factory().name(), "name() changed between calls");
    }

    @Test
    void optionNamesAreStableAndFitTheCommandLine() {
        LogDriverFactory factory = factory();
        Set<String> names = factory.optionNames();
        assertNotNull(names, "optionNames()");
        assertEquals(names, factory.optionNames(), "optionNames() changed between calls");
        assertEquals(names, factory().optionNames(), "another factory has other optionNames()");
        for (String key : names) {
            // --log-opt NAME.KEY=VALUE: the key ends at the first '='.
            assertTrue(!key.isEmpty() && key.chars().noneMatch(c -> c == '=' || Character.isWhitespace(c)),
                    () -> "option name \"" + key + "\" is empty or contains '=' or white space");
            // The host's delivery options, valid for every driver; a driver never receives them.
            assertTrue(!Set.of("mode", "max-buffer-size", "watchdog").contains(key),
                    () -> "option name \"" + key + "\" is the host's own (mode, max-buffer-size, watchdog)");
        }
    }

    @Test
    void theOptionsOfAFreshInstanceAreAllDeclared() {
        Set<String> declared = factory().optionNames();
        for (String key : options(dir).keySet()) {
            assertTrue(declared.contains(key), () -> "option \"" + key + "\" is needed to open the driver but"
                    + " not in optionNames() " + declared + ": the host would refuse it");
        }
    }

    // ---- records and their content ----

    @Test
    void aDriverClosedRightAfterOpeningDeliversNothing() throws Exception {
        LogDriver driver = open();
        assertDeliveredAfterClose(driver);
    }

    @Test
    void completeLinesAreDeliveredAsWritten() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "hello");
        write(driver, LogStream.STDOUT, false, "a second line, with \"quotes\", \\ and <html> & {json}");
        write(driver, LogStream.STDOUT, false, "tab\there and non-ASCII: é € 😀 \u2028 end");
        assertDeliveredAfterClose(driver);
    }

    @Test
    void partialRecordsAreDeliveredAsWritten() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, true, "hel");
        write(driver, LogStream.STDOUT, true, "lo ");
        write(driver, LogStream.STDOUT, false, "world");
        write(driver, LogStream.STDOUT, true, "a tail without its newline at close");
        assertDeliveredAfterClose(driver);
    }

    @Test
    void emptyRecordsAreDelivered() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "");
        write(driver, LogStream.STDOUT, true, "");
        write(driver, LogStream.STDOUT, false, "after an empty partial");
        write(driver, LogStream.STDERR, false, "");
        write(driver, LogStream.STDOUT, false, "");
        assertDeliveredAfterClose(driver);
    }

    @Test
    void recordsOfTheLargestSizeTheHostReadsAreDeliveredWhole() throws Exception {
        LogDriver driver = open();
        feeder.write(driver, LogStream.STDOUT, false, filled(RecordFeeder.LARGEST, 'a'));
        feeder.write(driver, LogStream.STDOUT, true, filled(RecordFeeder.LARGEST, 'b'));
        feeder.write(driver, LogStream.STDOUT, true, filled(RecordFeeder.LARGEST, 'c'));
        write(driver, LogStream.STDOUT, false, "the end of a 16 KiB line");
        feeder.write(driver, LogStream.STDERR, false, filled(RecordFeeder.LARGEST, 'd'));
        assertDeliveredAfterClose(driver);
    }

    @Test
    void everyByteButNewlineIsDelivered() throws Exception {
        LogDriver driver = open();
        boolean nul = capabilities().keepsNul();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int b = nul ? 0 : 1; b < 256; b++) {
            if (b != '\n') {
                all.write(b);
            }
        }
        feeder.write(driver, LogStream.STDOUT, false, all.toByteArray());
        if (nul) {
            feeder.write(driver, LogStream.STDOUT, false, new byte[100]);
            feeder.write(driver, LogStream.STDERR, true, bytes("\0leading NUL"));
            feeder.write(driver, LogStream.STDERR, false, bytes("trailing NUL\0"));
        }
        feeder.write(driver, LogStream.STDOUT, false, bytes("\u001b[31mred\u001b[0m \u0007 \b \f \u007f"));
        assertDeliveredAfterClose(driver);
    }

    /** Lone bytes only, on which decoders agree: each is one U+FFFD for a text format. */
    @Test
    void invalidUtf8IsDeliveredVerbatimOrAsReplacementCharacters() throws Exception {
        LogDriver driver = open();
        feeder.write(driver, LogStream.STDOUT, false, new byte[] {'a', (byte) 0xff, 'b'});
        feeder.write(driver, LogStream.STDOUT, false, new byte[] {(byte) 0xc3, '(', (byte) 0x80, (byte) 0xfe});
        feeder.write(driver, LogStream.STDOUT, true, new byte[] {(byte) 0xc0, (byte) 0xaf, 'x'});
        feeder.write(driver, LogStream.STDOUT, false, bytes("valid after invalid: é"));
        assertDeliveredAfterClose(driver);
    }

    @Test
    void carriageReturnsAreKept() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "crlf\r");
        write(driver, LogStream.STDOUT, false, "\r");
        write(driver, LogStream.STDOUT, false, "a\rb");
        write(driver, LogStream.STDERR, true, "progress 10%\r");
        write(driver, LogStream.STDERR, false, "progress 100%\r");
        assertDeliveredAfterClose(driver);
    }

    @Test
    void theDriverDoesNotKeepTheRecordBufferAfterWrite() throws Exception {
        LogDriver driver = open();
        // Many records, no flush: a driver that kept the buffer instead of copying shows garbage.
        for (int i = 0; i < 300; i++) {
            write(driver, i % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, false, "record " + i + " " + "x".repeat(i));
        }
        assertDeliveredAfterClose(driver);
    }

    @Test
    void theContentIsReadBetweenPositionAndLimitWhereverTheyAre() throws Exception {
        LogDriver driver = open();
        byte[] content = bytes("between position and limit");
        feeder.writeAt(driver, 1, LogStream.STDOUT, false, content, true);
        feeder.writeAt(driver, 4000, LogStream.STDOUT, false, content, true);
        feeder.writeAt(driver, feeder.lastOffsetFor(content.length), LogStream.STDOUT, false, content, true);
        byte[] largest = filled(RecordFeeder.LARGEST, 'z');
        feeder.writeAt(driver, feeder.lastOffsetFor(largest.length), LogStream.STDERR, false, largest, true);
        feeder.writeAt(driver, 0, LogStream.STDOUT, false, content, true);
        assertDeliveredAfterClose(driver);
    }

    @Test
    void interleavedStdoutAndStderrKeepTheirStreamsAndOrder() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "out 1");
        write(driver, LogStream.STDERR, false, "err 1");
        write(driver, LogStream.STDOUT, true, "out 2 begins");
        write(driver, LogStream.STDERR, true, "err 2 begins");
        write(driver, LogStream.STDOUT, false, " and ends");
        write(driver, LogStream.STDERR, false, " and ends");
        write(driver, LogStream.STDERR, false, "err 3");
        write(driver, LogStream.STDOUT, false, "out 3");
        write(driver, LogStream.STDERR, true, "err 4, unfinished at close");
        write(driver, LogStream.STDOUT, false, "out 4");
        assertDeliveredAfterClose(driver);
    }

    // ---- flush, reopen, close ----

    @Test
    void flushMayBeCalledAtAnyTime() throws Exception {
        LogDriver driver = open();
        flush(driver);
        write(driver, LogStream.STDOUT, false, "one");
        flush(driver);
        flush(driver);
        write(driver, LogStream.STDOUT, true, "two, partial");
        flush(driver);
        write(driver, LogStream.STDOUT, false, " and finished");
        write(driver, LogStream.STDERR, false, "three");
        flush(driver);
        assertDeliveredAfterClose(driver);
    }

    @Test
    void reopenKeepsTheDriverWriting() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "before reopen, flushed");
        flush(driver);
        write(driver, LogStream.STDERR, false, "before reopen, not flushed");
        int before = feeder.count();
        reopen(driver);
        write(driver, LogStream.STDOUT, false, "after reopen");
        flush(driver);
        write(driver, LogStream.STDERR, false, "after reopen, not flushed");
        closeQuietly(driver);
        List<DeliveredRecord> expected = feeder.written();
        if (capabilities().reopen() == DriverCapabilities.Reopen.STARTS_AFRESH) {
            expected = expected.subList(before, expected.size());
        }
        DeliveryCheck.assertDelivered(expected, readBack(setup), capabilities());
    }

    @Test
    void closeDeliversWhatWasNeverFlushed() throws Exception {
        LogDriver driver = open();
        write(driver, LogStream.STDOUT, false, "never flushed");
        write(driver, LogStream.STDERR, false, "never flushed either");
        write(driver, LogStream.STDOUT, true, "and a partial one");
        assertDeliveredAfterClose(driver);
    }

    // ---- threads and volume ----

    /** The host may deliver from a worker thread; calls never overlap, but the thread may change. */
    @Test
    void callsFromOtherThreadsThanOpenWork() throws Exception {
        LogDriver driver = open();
        onAnotherThread(() -> {
            write(driver, LogStream.STDOUT, false, "from a worker thread");
            write(driver, LogStream.STDERR, true, "partial from a worker");
            flush(driver);
        });
        onAnotherThread(() -> {
            write(driver, LogStream.STDERR, false, ", finished by another");
            reopen(driver);
            write(driver, LogStream.STDOUT, false, "after a reopen on a third thread");
        });
        onAnotherThread(() -> closeQuietly(driver));
        List<DeliveredRecord> expected = feeder.written();
        if (capabilities().reopen() == DriverCapabilities.Reopen.STARTS_AFRESH) {
            expected = expected.subList(expected.size() - 1, expected.size());
        }
        DeliveryCheck.assertDelivered(expected, readBack(setup), capabilities());
    }

    /**
     * Writes {@link #recordsForMemoryCheck()} records of 4 KiB and checks that the heap that survives
     * a full GC grew by less than a quarter of their bytes: a driver that keeps its output, or grows a
     * buffer with it, fails. Rough, by design: it catches leaks, not a few KiB.
     */
    @Test
    void thousandsOfRecordsDoNotGrowRetainedMemory() throws Exception {
        int records = recordsForMemoryCheck();
        LogDriver driver = open();
        byte[] content = new byte[4096];
        int warmUp = records / 4;
        long before = 0;
        for (int i = 0; i < warmUp + records; i++) {
            if (i == warmUp) {
                flush(driver);
                before = retainedHeap();
            }
            fillNumbered(content, i);
            feeder.writeForgetting(driver, i % 5 == 4 ? LogStream.STDERR : LogStream.STDOUT, false, content);
            if (i % 64 == 63) {
                flush(driver); // as the host does after each batch it read
            }
        }
        flush(driver);
        long grown = retainedHeap() - before;
        long written = (long) records * content.length;
        closeQuietly(driver);
        assertTrue(grown < written / 4, () -> "retained heap grew by " + grown + " bytes while " + written
                + " bytes of records were written: the driver keeps what it wrote");
        List<DeliveredRecord> delivered = readBack(setup);
        assertEquals(warmUp + records, delivered.size(), "records read back");
        fillNumbered(content, warmUp + records - 1);
        assertEquals(Printable.of(content), Printable.of(delivered.getLast().content()), "the last record");
    }

    /** How many 4 KiB records {@link #thousandsOfRecordsDoNotGrowRetainedMemory} writes after warming up. */
    protected int recordsForMemoryCheck() {
        return 4000;
    }

    // ---- checks every test makes ----

    @AfterEach
    void theDriverCountedNothingAsDroppedAndLoggedNoTrouble() {
        assertEquals(0, context.droppedRecords(), () -> "the driver called countDropped for "
                + context.droppedRecords() + " records in a run where nothing was lost (the host counts"
                + " the records a write refused itself); it logged " + context.messages());
        for (String message : context.messages()) {
            assertFalse(message.startsWith("WARNING") || message.startsWith("ERROR"),
                    () -> "the driver logged trouble in a healthy run: " + message);
        }
    }

    // ---- helpers ----

    private LogDriver open() throws LogDriverException {
        ContainerInfo container = container();
        Map<String, String> options = options(dir);
        setup = new DriverSetup(dir, container, options);
        LogDriver driver = factory().open(container, options, context);
        assertNotNull(driver, "open() returned null");
        return driver;
    }

    private void write(LogDriver driver, LogStream stream, boolean partial, String text) {
        feeder.write(driver, stream, partial, bytes(text));
    }

    private void flush(LogDriver driver) {
        WriteResult result;
        try {
            result = driver.flush();
        } catch (RuntimeException e) {
            throw new AssertionError("flush() threw; the host treats that as FAILED", e);
        }
        assertEquals(WriteResult.ACCEPTED, result, () -> "flush(); the driver logged " + context.messages());
    }

    /** Reopens; a driver declared {@link DriverCapabilities.Reopen#NOT_SUPPORTED} may refuse. */
    private void reopen(LogDriver driver) {
        try {
            driver.reopen();
        } catch (LogDriverException e) {
            if (capabilities().reopen() != DriverCapabilities.Reopen.NOT_SUPPORTED) {
                throw new AssertionError("reopen() failed, but the driver is declared to support it", e);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("reopen() threw " + e + "; only LogDriverException is allowed", e);
        }
    }

    private static void closeQuietly(LogDriver driver) {
        try {
            driver.close();
        } catch (RuntimeException e) {
            throw new AssertionError("close() threw; it must not", e);
        }
    }

    private void assertDeliveredAfterClose(LogDriver driver) throws Exception {
        closeQuietly(driver);
        DeliveryCheck.assertDelivered(feeder.written(), readBack(setup), capabilities());
    }

    /** Something the kit does with the driver that may throw. */
    @FunctionalInterface
    private interface DriverCalls {
        void run() throws Exception;
    }

    private static void onAnotherThread(DriverCalls calls) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("conformance-worker").start(() -> {
            try {
                calls.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    /** The heap left after full collections: what is still referenced. */
    private static long retainedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    /** Record {@code n}'s content: its number, then printable filler that differs from record to record. */
    private static void fillNumbered(byte[] content, int n) {
        byte[] number = bytes("record " + n + " ");
        System.arraycopy(number, 0, content, 0, number.length);
        for (int i = number.length; i < content.length; i++) {
            content[i] = (byte) ('!' + (i + n) % 90);
        }
    }

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
