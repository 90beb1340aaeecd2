package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The installed {@code jconmon logs} reads back what real busybox containers wrote through
 * jconmon's k8s-file (rotated, conmon 2.2's {@code --log-rotate}) and json-file drivers and through
 * the C conmon's k8s-file driver: every line, in order.
 */
class LogsToolTest {

    /** 3000 numbered lines, a 20000-byte line (split into P…F records) and one on stderr. */
    private static final String[] COMMAND = {"/bin/sh", "-c",
            "seq 1 3000; head -c 20000 /dev/zero | tr '\\000' x; echo; echo the end >&2"};

    private Path logDir;

    @BeforeEach
    void createLogDir() throws Exception {
        // Outside the run's work dir, which ConmonRun deletes when the container is gone.
        logDir = Files.createTempDirectory(Path.of("/tmp"), "jconmon-logs-it-");
    }

    @AfterEach
    void deleteLogDir() {
        Host.deleteTree(logDir);
    }

    private static List<String> expectedStdout() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            lines.add(Integer.toString(i));
        }
        lines.add("x".repeat(20000));
        return lines;
    }

    private static void assertRan(Outcome o) {
        assertEquals(0, o.p1Status(), o.describe());
        assertEquals("0", o.exitFile(), o.describe());
    }

    private static List<String> logs(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Host.JCONMON.toString(), "logs"));
        command.addAll(List.of(args));
        Host.Result r = Host.exec(command, 60);
        assertEquals(0, r.status(), command + " stderr: " + r.stderr());
        assertEquals("", r.stderr(), command.toString());
        return r.stdout().lines().toList();
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(logDir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theMonitorsClassPathHasNoToolsJar() throws Exception {
        Path image = Host.JCONMON.getParent().getParent();
        assertTrue(Files.exists(image.resolve("lib/tools/picocli.jar")), "picocli is installed for the tools");
        List<String> args = Files.readAllLines(image.resolve("lib/jvm.args"));
        String classPath = args.get(args.indexOf("-cp") + 1);
        assertTrue(classPath.contains("jconmon-monitor-core.jar"), classPath);
        assertTrue(!classPath.contains("tools") && !classPath.contains("picocli"), classPath);
    }

    @Test
    void readsJconmonsRotatedK8sFileLogInOrder() throws Exception {
        Path log = logDir.resolve("ctr.log");
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, new ConmonRun.Spec(COMMAND)
                .log("k8s-file:" + log).extra("--log-size-max", "4000", "--log-rotate", "--log-max-files", "200"));
        assertRan(o);
        assertTrue(files().contains("ctr.log.10"), "the log rotated: " + files());
        assertEquals(expectedStdout(), logs("--stream", "stdout", log.toString()));
        assertEquals(List.of("the end"), logs("--stream", "stderr", log.toString()));
        assertEquals(3002, logs(log.toString()).size());
        assertEquals(List.of("2999", "3000", "x".repeat(20000)), logs("--stream", "stdout", "--tail", "3", log.toString()));
    }

    @Test
    void readsJconmonsGzippedJsonFileLogInOrder() throws Exception {
        Path log = logDir.resolve("ctr.json");
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC, new ConmonRun.Spec(COMMAND)
                .log("json-file:" + log).extra("--log-opt", "json-file.max-size=8k", "--log-opt",
                        "json-file.max-file=100", "--log-opt", "json-file.compress=true"));
        assertRan(o);
        assertTrue(files().contains("ctr.json.2.gz"), "the log rotated and was compressed: " + files());
        assertEquals(expectedStdout(), logs("--stream", "stdout", log.toString()));
        assertEquals(List.of("the end"), logs("--stream", "stderr", log.toString()));
    }

    @Test
    void readsTheCConmonsK8sFileLog() throws Exception {
        Path log = logDir.resolve("ctr.log");
        Outcome o = ConmonRun.execute(Monitor.C_CONMON, OciRuntime.RUNC, new ConmonRun.Spec(COMMAND)
                .log("k8s-file:" + log));
        assertRan(o);
        String raw = Files.readString(log);
        assertTrue(raw.contains(" stdout P xxx"), "C conmon split the long line into P records");
        assertEquals(expectedStdout(), logs("--stream", "stdout", log.toString()));
        assertEquals(List.of("the end"), logs("--stream", "stderr", log.toString()));
        List<String> stamped = logs("--timestamps", "--tail", "1", "--stream", "stderr", log.toString());
        assertTrue(stamped.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}[+-]\\d\\d:\\d\\d the end"),
                stamped.toString());
    }
}
