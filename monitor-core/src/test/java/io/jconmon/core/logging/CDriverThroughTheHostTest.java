package io.jconmon.core.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.cli.CliResult;
import io.jconmon.core.cli.ConmonCli;
import io.jconmon.core.cli.Environment;
import io.jconmon.core.config.LogLevel;
import io.jconmon.core.plugins.nativeabi.NativeDriverLibrary;
import io.jconmon.core.stdio.OutputSplitter;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example C driver behind the monitor's own logging path: conmon's command line, LogSetup's
 * option handling, OutputSplitter's records and LogFanout's flushes, as a running monitor uses them
 * (only the plugins.d discovery is replaced by registering the loaded library directly).
 */
class CDriverThroughTheHostTest {
    private static final String CID = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";
    private static final long TS = 1_700_000_000_000_000_001L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private LogFanout open(String... extra) throws Exception {
        return open(Path.of(System.getProperty("jconmon.exampleDrivers"), "example-file.so"), extra);
    }

    private LogFanout open(Path so, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-c", CID, "-u", CID, "-r", "/bin/true"));
        args.addAll(Arrays.asList(extra));
        Environment env = new Environment() {
            @Override
            public String cwd() {
                return dir.toString();
            }

            @Override
            public boolean isExecutable(Path path) {
                return true;
            }

            @Override
            public String accessError(Path path) {
                return "";
            }

            @Override
            public boolean hasLogDriver(String name, String pluginsDir) {
                return name.equals("example-file") || name.equals("test-drop");
            }
        };
        CliResult.Run run = assertInstanceOf(CliResult.Run.class, new ConmonCli("test").parse(args.toArray(String[]::new), env));
        DriverRegistry registry = DriverRegistry.ofBuiltIns(NativeDriverLibrary.load(so).driverFactories());
        Diagnostics diagnostics = new Diagnostics(LogLevel.WARN, false, CID, null, new PrintStream(stderr, true));
        return LogSetup.open(run.config(), io.jconmon.core.config.HostConfig.NONE, run.logOpts(), registry, diagnostics);
    }

    @Test
    void containerOutputReachesTheCDriverAsConmonCutsIt() throws Exception {
        Path log = dir.resolve("ctr.log");
        LogFanout fanout = open("-l", "example-file:" + log);
        byte[] buffer = new byte[65536];
        ReusableRecord record = new ReusableRecord(buffer);
        OutputSplitter splitter = new OutputSplitter(record, fanout);
        byte[] first = "one\n\ntwo\npart".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(first, 0, buffer, 0, first.length);
        splitter.split(LogStream.STDOUT, buffer, first.length, TS);
        // A read longer than conmon's 8192 bytes: cut into an 8192-byte partial record and the rest.
        byte[] second = new byte[8200];
        Arrays.fill(second, (byte) 'z');
        second[second.length - 1] = '\n';
        System.arraycopy(second, 0, buffer, 0, second.length);
        splitter.split(LogStream.STDERR, buffer, second.length, TS + 1);
        fanout.close();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes((TS + " stdout F 3 one\n" + TS + " stdout F 0 \n" + TS + " stdout F 3 two\n"
                + TS + " stdout P 4 part\n").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(((TS + 1) + " stderr P 8192 ").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(Arrays.copyOf(second, 8192));
        expected.writeBytes(("\n" + (TS + 1) + " stderr F 7 zzzzzzz\n").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(log));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logOptsReachTheCDriverAndUndeclaredOptionsAreRejected() throws Exception {
        Path log = dir.resolve("ctr.log");
        LogFanout fanout = open("-l", "example-file:" + log, "--log-opt", "example-file.buffer-size=0");
        byte[] buffer = "now\n".getBytes(StandardCharsets.UTF_8);
        ReusableRecord record = new ReusableRecord(buffer);
        record.set(LogStream.STDOUT, TS, false, 0, 3);
        fanout.record(record);
        assertEquals(TS + " stdout F 3 now\n", Files.readString(log), "buffer-size=0 writes before any flush");
        fanout.close();

        LogDriverException e = assertThrows(LogDriverException.class,
                () -> open("-l", "example-file:" + log, "--log-opt", "example-file.bogus=1"));
        assertEquals("log driver example-file has no option bogus (it accepts path, buffer-size and the host's mode, max-buffer-size, watchdog)", e.getMessage());
    }

    @Test
    void whatTheCDriverLogsAndDropsReachesTheMonitorsDiagnostics() throws Exception {
        LogFanout fanout = open(Path.of(System.getProperty("jconmon.testDrivers"), "test-drop.so"), "-l",
                "test-drop:" + dir.resolve("drop.out"));
        byte[] buffer = "abc".getBytes(StandardCharsets.UTF_8);
        ReusableRecord record = new ReusableRecord(buffer);
        record.set(LogStream.STDOUT, TS, false, 0, 3);
        fanout.record(record);
        fanout.flush(); // the driver counts 2 records / 10 bytes on stderr from a thread of its own
        assertEquals(1, fanout.droppedBy("test-drop").records(LogStream.STDOUT));
        assertEquals(2, fanout.droppedBy("test-drop").records(LogStream.STDERR));
        fanout.close();
        String diagnostics = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(diagnostics.contains("[conmon:w]: log driver test-drop: dropping abc\n"), diagnostics);
        assertTrue(diagnostics.contains("[conmon:w]: log driver test-drop dropped "), diagnostics);
    }
}
