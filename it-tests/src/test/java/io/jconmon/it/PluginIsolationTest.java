package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that misbehave cannot hurt the container or the other drivers: a real busybox container
 * under the installed jconmon logs {@code seq 1 N} to k8s-file and to a plugin driver that throws,
 * hangs inside write, is slow, pushes back with RETRY_LATER, or leaks a thread and runs the
 * monitor's 64 MiB heap out. Each time the container exits normally, the k8s-file log holds every
 * line in order, and the monitor's report (its --syslog lines in the journal) says what happened.
 * The same backpressure check runs with a C driver (test-retry.so) through the bridge.
 */
class PluginIsolationTest {
    private static final String WATCHDOG = "500ms";
    /** Bounded time for a run that involves a stuck driver: the watchdog, at exit once more, and slack. */
    private static final long BOUNDED_MILLIS = 15_000;
    /** Lines for the backpressure runs: ~590 KiB, more than every buffer between container and driver. */
    private static final int LOTS = 100_000;

    /**
     * One driver, {@code misbehave}, whose option {@code act} picks the fault at record {@code at}:
     * throw, hang (never returns), slow (sleeps {@code millis} per write), retry (RETRY_LATER for the
     * first {@code millis} ms), oom (starts a non-daemon thread that never ends, then allocates until
     * OutOfMemoryError). Records it accepts go to {@code path} as "STREAM F|P CONTENT".
     */
    private static final String PLUGIN = """
            package demo;

            import io.jconmon.spi.*;
            import java.io.*;
            import java.nio.charset.StandardCharsets;
            import java.util.*;

            public final class MisbehavePlugin implements LogDriverPlugin {
                @Override
                public Iterable<LogDriverFactory> driverFactories() {
                    return List.of(new LogDriverFactory() {
                        @Override
                        public String name() {
                            return "misbehave";
                        }

                        @Override
                        public Set<String> optionNames() {
                            return Set.of("path", "act", "at", "millis");
                        }

                        @Override
                        public LogDriver open(ContainerInfo c, Map<String, String> o, DriverContext ctx)
                                throws LogDriverException {
                            final OutputStream out;
                            try {
                                out = new BufferedOutputStream(new FileOutputStream(o.get("path")));
                            } catch (IOException e) {
                                throw new LogDriverException("misbehave cannot open " + o.get("path"));
                            }
                            String act = o.getOrDefault("act", "none");
                            long at = Long.parseLong(o.getOrDefault("at", "1"));
                            long millis = Long.parseLong(o.getOrDefault("millis", "0"));
                            if (act.equals("oom")) {
                                Thread leak = new Thread(() -> {
                                    while (true) {
                                        try {
                                            Thread.sleep(1 << 30);
                                        } catch (InterruptedException e) {
                                            // a leaked thread ignores everything
                                        }
                                    }
                                }, "misbehave-leak");
                                leak.setDaemon(false);
                                leak.start();
                            }
                            return new LogDriver() {
                                long n;
                                long firstWrite;

                                @Override
                                public WriteResult write(LogRecord r) {
                                    if (firstWrite == 0) {
                                        firstWrite = System.nanoTime();
                                    }
                                    if (act.equals("retry") && System.nanoTime() - firstWrite < millis * 1_000_000L) {
                                        return WriteResult.RETRY_LATER;
                                    }
                                    n++;
                                    if (n == at) {
                                        switch (act) {
                                            case "throw" -> throw new IllegalStateException("misbehave threw at record " + n);
                                            case "hang" -> {
                                                while (true) {
                                                    try {
                                                        Thread.sleep(1 << 30);
                                                    } catch (InterruptedException e) {
                                                        // hangs for good
                                                    }
                                                }
                                            }
                                            case "oom" -> {
                                                List<long[]> hog = new ArrayList<>();
                                                while (true) {
                                                    hog.add(new long[1 << 17]);
                                                }
                                            }
                                            default -> { }
                                        }
                                    }
                                    if (act.equals("slow")) {
                                        try {
                                            Thread.sleep(millis);
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                    }
                                    byte[] b = new byte[r.length()];
                                    r.content().get(b);
                                    try {
                                        out.write((r.stream().wireName() + (r.isPartial() ? " P " : " F ")).getBytes(StandardCharsets.UTF_8));
                                        out.write(b);
                                        out.write('\\n');
                                        return WriteResult.ACCEPTED;
                                    } catch (IOException e) {
                                        return WriteResult.FAILED;
                                    }
                                }

                                @Override
                                public WriteResult flush() {
                                    try {
                                        out.flush();
                                        return WriteResult.ACCEPTED;
                                    } catch (IOException e) {
                                        return WriteResult.FAILED;
                                    }
                                }

                                @Override
                                public void close() {
                                    try {
                                        out.close();
                                    } catch (IOException e) {
                                        // nothing left to do
                                    }
                                }
                            };
                        }
                    });
                }
            }
            """;

    @TempDir
    static Path tmp;
    private static Path plugins;

    @BeforeAll
    static void installPlugins() throws Exception {
        plugins = tmp.resolve("plugins.d");
        TestPlugins.install(plugins, "misbehave", "demo.MisbehavePlugin", PLUGIN, tmp);
        Path c = plugins.resolve("test-retry");
        Files.createDirectories(c);
        Files.copy(Path.of(System.getProperty("jconmon.testDrivers"), "test-retry.so"), c.resolve("test-retry.so"));
    }

    /** What one run produced: the outcome, the parsed k8s-file log, the plugin's output lines. */
    private record Run(ConmonRun.Outcome outcome, K8sLog k8s, List<String> pluginLines, Instant since) {
        /** Waits up to 5 s for a report line of the monitor containing {@code text}, and returns it. */
        String report(String text) throws Exception {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                List<String> lines = MonitorSyslog.lines(outcome.id(), since);
                for (String l : lines) {
                    if (l.contains(text)) {
                        return l;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no report containing \"" + text + "\"; the monitor said: " + lines);
                }
                Thread.sleep(200);
            }
        }

        List<String> reports() throws Exception {
            return MonitorSyslog.lines(outcome.id(), since);
        }
    }

    /** {@code seq 1 lines} under jconmon with k8s-file and {@code driver}; checks the exit and the k8s-file log. */
    private static Run run(int lines, String driver, Path out, String... logOpts) throws Exception {
        List<String> extra = new ArrayList<>(List.of("--plugins-dir", plugins.toString(), "-l", driver + ":" + out));
        for (String opt : logOpts) {
            extra.add("--log-opt");
            extra.add(driver + "." + opt);
        }
        Instant since = Instant.now();
        ConmonRun.Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC,
                new ConmonRun.Spec("/bin/seq", "1", Integer.toString(lines)).extra(extra.toArray(String[]::new)));
        K8sLog k8s = Compare.completed(o, "0");
        assertSameText(seq(1, lines), new String(k8s.reassemble("stdout"), StandardCharsets.US_ASCII),
                "the k8s-file log must hold every line, in order\n" + o.describe());
        List<String> plugin = Files.exists(out) ? Files.readAllLines(out) : List.of();
        return new Run(o, k8s, plugin, since);
    }

    private static String seq(int first, int last) {
        StringBuilder s = new StringBuilder();
        for (int i = first; i <= last; i++) {
            s.append(i).append('\n');
        }
        return s.toString();
    }

    /**
     * The stdout text in the plugin's lines ({@code STREAM F|P CONTENT}, or test-retry's
     * {@code STREAM F|P LENGTH CONTENT}): records joined, a newline after each F. The container's
     * output comes in reads of up to 8 KiB, so lines are cut into partial records anywhere.
     */
    private static String pluginText(List<String> lines, boolean withLength) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            String[] f = line.split(" ", withLength ? 4 : 3);
            if (!f[0].equals("stdout")) {
                throw new AssertionError("unexpected stream in plugin line \"" + line + "\"");
            }
            String content = withLength ? f[3] : f[2];
            if (withLength && Integer.parseInt(f[2]) != content.length()) {
                throw new AssertionError("length and content disagree in plugin line \"" + line + "\"");
            }
            text.append(content);
            if (f[1].equals("F")) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    /** Equal texts, or a failure that shows where they part (they are too long to print whole). */
    private static void assertSameText(String expected, String actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 40);
        throw new AssertionError(what + ": " + expected.length() + " chars expected, " + actual.length()
                + " got; they differ at " + i + ":\n  expected ..." + expected.substring(from, Math.min(expected.length(), i + 40))
                .replace("\n", "\\n") + "\n  got      ..." + actual.substring(from, Math.min(actual.length(), i + 40))
                .replace("\n", "\\n"));
    }

    /** Bytes of content (newlines not counted) of lines {@code first..last} of {@code seq}. */
    private static long contentBytes(int first, int last) {
        long n = 0;
        for (int i = first; i <= last; i++) {
            n += Integer.toString(i).length();
        }
        return n;
    }

    /**
     * The bytes the monitor reported {@code driver} dropped at exit ("log driver NAME dropped N records
     * (B bytes) from stdout"), waiting up to 5 s for the report; the record count depends on where
     * the 8 KiB reads cut lines, the bytes do not.
     */
    private static long droppedBytes(Run r, String driver) throws Exception {
        String line = r.report("log driver " + driver + " dropped ");
        Matcher m = DROPPED_BYTES.matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }

    private static final Pattern DROPPED_BYTES = Pattern.compile("dropped \\d+ records \\((\\d+) bytes\\) from stdout$");

    /** No report mentions {@code driver}: it neither failed nor lost anything. */
    private static void assertNothingReported(Run r, String driver) throws Exception {
        List<String> reports = r.reports();
        assertTrue(reports.stream().noneMatch(l -> l.contains(driver)), reports.toString());
    }

    @Test
    void aDriverThatThrowsIsDisabledAndWhatItMissesIsCounted() throws Exception {
        Run r = run(2000, "misbehave", tmp.resolve("throw.out"), "act=throw", "at=100", "watchdog=" + WATCHDOG);
        assertSameText(seq(1, 99), pluginText(r.pluginLines(), false), "what it took before it threw");
        r.report("log driver misbehave threw java.lang.IllegalStateException: misbehave threw at record 100;"
                + " it is disabled, other drivers go on");
        // The record it threw on and every later one are counted: nothing is forgotten.
        assertEquals(contentBytes(100, 2000), droppedBytes(r, "misbehave"), r.reports().toString());
    }

    @Test
    void aDriverThatHangsInsideWriteIsSwitchedToNonBlockingByTheWatchdog() throws Exception {
        // More output than every buffer holds: the container is blocked until the watchdog gives up on
        // the driver, which it must do for the container to finish.
        Run r = run(LOTS, "misbehave", tmp.resolve("hang.out"), "act=hang", "at=10", "max-buffer-size=64k",
                "watchdog=" + WATCHDOG);
        assertTrue(r.outcome().exitMillis() < BOUNDED_MILLIS, "exit file after " + r.outcome().exitMillis() + " ms");
        r.report("log driver misbehave has been inside one call for more than 500 ms; it is switched to non-blocking"
                + " delivery (records it cannot take are dropped and counted) so the container is not stalled");
        r.report("log driver misbehave made no progress for 500 ms at exit;");
        r.report("plugin " + plugins.resolve("misbehave") + " left 1 thread(s) running after its drivers closed: log-driver-misbehave");
        // Everything but the 9 lines it took and the one it hangs on (never returned, so never counted).
        assertEquals(contentBytes(11, LOTS), droppedBytes(r, "misbehave"), r.reports().toString());
    }

    @Test
    void aSlowDriverHoldsTheContainerBackAndLosesNothing() throws Exception {
        Run r = run(3000, "misbehave", tmp.resolve("slow.out"), "act=slow", "millis=1", "max-buffer-size=64k",
                "watchdog=" + WATCHDOG);
        assertSameText(seq(1, 3000), pluginText(r.pluginLines(), false), "the slow driver's output");
        assertNothingReported(r, "misbehave");
    }

    @Test
    void retryLaterPausesTheContainerAndEveryLineReachesBothDrivers() throws Exception {
        // ~590 KiB: far more than the queue (64 KiB), a read batch and the pipe hold, so the container
        // must wait (30000 lines may all fit into the buffers, and the container is never held back).
        Run r = run(LOTS, "misbehave", tmp.resolve("retry.out"), "act=retry", "millis=1500", "max-buffer-size=64k",
                "watchdog=" + WATCHDOG);
        assertSameText(seq(1, LOTS), pluginText(r.pluginLines(), false), "the driver's output after its retries");
        assertNothingReported(r, "misbehave");
        assertPaused(r.k8s(), Duration.ofMillis(1000));
    }

    @Test
    void aDriverThatLeaksAThreadAndRunsTheHeapOutIsDisabledAndTheMonitorExits() throws Exception {
        // The monitor runs with -Xmx64m; the driver fills it, the monitor must get it back and go on.
        Run r = run(2000, "misbehave", tmp.resolve("oom.out"), "act=oom", "at=50", "watchdog=" + WATCHDOG);
        assertSameText(seq(1, 49), pluginText(r.pluginLines(), false), "what it took before the heap ran out");
        r.report("log driver misbehave threw java.lang.OutOfMemoryError: Java heap space (in write); it is disabled");
        r.report("plugin " + plugins.resolve("misbehave") + " left 1 thread(s) running after its drivers closed: misbehave-leak");
        assertEquals(contentBytes(50, 2000), droppedBytes(r, "misbehave"), r.reports().toString());
    }

    @Test
    void aCDriverAnsweringRetryPausesTheContainerAndLosesNothing() throws Exception {
        Run r = run(LOTS, "test-retry", tmp.resolve("c-retry.out"), "retries=9", "max-buffer-size=64k",
                "watchdog=" + WATCHDOG);
        assertSameText(seq(1, LOTS), pluginText(r.pluginLines(), true), "the C driver's output after its retries");
        assertNothingReported(r, "test-retry");
        // 9 retries back off 5, 10, 20 ... 200 ms: about a second and a half in all.
        assertPaused(r.k8s(), Duration.ofMillis(800));
    }

    /** The k8s-file log shows a gap of at least {@code gap}: reading stopped while the driver pushed back. */
    private static void assertPaused(K8sLog k8s, Duration gap) {
        Duration longest = Duration.ZERO;
        for (int i = 1; i < k8s.records.size(); i++) {
            Duration d = Duration.between(OffsetDateTime.parse(k8s.records.get(i - 1).timestamp()),
                    OffsetDateTime.parse(k8s.records.get(i).timestamp()));
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        assertTrue(longest.compareTo(gap) >= 0, "longest pause in the k8s-file log " + longest + ", expected at least " + gap
                + "; " + k8s.records.size() + " records from " + k8s.records.getFirst().timestamp() + " to "
                + k8s.records.getLast().timestamp());
    }
}
