package io.jconmon.it;

import static io.jconmon.it.PodmanHost.IMAGE;
import static io.jconmon.it.PodmanHost.awaitGate;

import io.jconmon.it.Diff.Facts;
import io.jconmon.it.PodmanHost.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real Podman 4.3.1 with the C conmon and with jconmon: what {@code podman logs} shows (-f,
 * --since, --until, --tail, -t) and what each log driver and log option does (k8s-file, journald,
 * none, passthrough; max-size, path, tag). Same harness as {@link PodmanDifferentialTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanLogsDifferentialTest {
    private static final OciRuntime CRUN = OciRuntime.CRUN;
    /** Podman's {@code logs -t} prefix: RFC 3339 with up to 9 fraction digits (trailing zeros dropped). */
    private static final Pattern TS = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)) ",
            Pattern.MULTILINE);
    private PodmanHost podman;
    private final Diff diff = new Diff();

    @BeforeAll
    void setUp() throws Exception {
        podman = PodmanHost.create();
    }

    @AfterAll
    void tearDown() {
        if (podman != null) {
            podman.close();
        }
    }



    /** A foreground {@code podman run} of a gated container: proves its monitor, lets it go, returns the result. */
    private Host.Result runGated(Monitor m, Facts f, String name, List<String> options, String script) throws Exception {
        Job run = podman.start(m, CRUN, PodmanHost.args(List.of("run", "--network", "none", "--name", name), options, podman.gate(name),
                List.of(IMAGE, "sh", "-c", awaitGate("go") + script)));
        run.closeStdin();
        podman.proveAndOpen(m, CRUN, name, f, run);
        return run.await(60);
    }

    private static String withoutTimestamps(String s) {
        return TS.matcher(s).replaceAll("<TS> ");
    }

    /** The k8s-file records of one stream with the timestamp cut off ("F line" / "P part"). */
    private static String records(String file, String stream) {
        return Arrays.stream(file.split("\n", -1)).filter(l -> l.contains(" " + stream + " "))
                .map(l -> l.substring(l.indexOf(' ') + 1)).collect(Collectors.joining("\n"));
    }

    // ---------------------------------------------------------------- podman logs

    private void logs(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "logs-" + m.tag;
        f.see("run -d", podman.exec(m, PodmanHost.args(List.of("run", "-d", "--network", "none", "--name", name), podman.gate(name),
                // The streams take turns 0.1 s apart, so their order in the log file does not depend on timing.
                List.of(IMAGE, "sh", "-c", "for i in 1 2 3; do echo err$i >&2; done; usleep 100000; for i in 1 2 3; do echo out$i; done; "
                        + awaitGate("go") + "echo late-err >&2; usleep 100000; echo late; printf partial; exit 3"))
                .toArray(String[]::new)));
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name));
        boolean burst1 = Host.await(20_000, () -> {
            try {
                Host.Result r = podman.exec(m, "logs", name);
                return r.stdout().contains("out3") && r.stderr().contains("err3");
            } catch (Exception e) {
                return false;
            }
        });
        f.see("the first lines reached podman logs while the container runs", Boolean.toString(burst1));
        f.see("logs --tail 2 while running", podman.exec(m, "logs", "--tail", "2", name));
        Job follow = podman.start(m, CRUN, List.of("logs", "-f", name));
        follow.closeStdin();
        Thread.sleep(500);
        podman.open(name, "go");
        f.see("logs -f started while running (ends when the container exits)", follow.await(30));
        f.see("wait", podman.exec(m, "wait", name));
        f.see("logs", podman.exec(m, "logs", name));
        f.see("logs --tail 2", podman.exec(m, "logs", "--tail", "2", name));
        f.see("logs --tail 0", podman.exec(m, "logs", "--tail", "0", name));

        Host.Result stamped = podman.exec(m, "logs", "-t", name);
        f.see("logs -t: exit status", Integer.toString(stamped.status()));
        f.see("logs -t: stdout, timestamps replaced", withoutTimestamps(stamped.stdout()));
        f.see("logs -t: stderr, timestamps replaced", withoutTimestamps(stamped.stderr()));
        // A time between the two bursts (the gate opened >= 0.5 s after the first one).
        Instant first = timeOf(stamped.stdout(), "out3");
        Instant second = timeOf(stamped.stdout(), "late");
        f.see("logs -t: the bursts are >= 0.4 s apart", Boolean.toString(Duration.between(first, second).toMillis() >= 400));
        String mid = first.plus(Duration.between(first, second).dividedBy(2)).toString();
        f.see("logs --since <between the bursts>", podman.exec(m, "logs", "--since", mid, name));
        f.see("logs --until <between the bursts>", podman.exec(m, "logs", "--until", mid, name));
        f.see("logs --since 10m --until <between the bursts>", podman.exec(m, "logs", "--since", "10m", "--until", mid, name));
        f.see("logs --since <in the future>", podman.exec(m, "logs", "--since", Instant.now().plusSeconds(3600).toString(), name));
        f.see("logs -f of an exited container", podman.exec(m, "logs", "-f", name));

        String logPath = podman.exec(m, "inspect", "--format", "{{.HostConfig.LogConfig.Path}}", name).stdout().strip();
        String file = Files.readString(Path.of(logPath));
        f.see("ctr.log stdout records", records(file, "stdout"));
        f.see("ctr.log stderr records", records(file, "stderr"));
        podman.exec(m, "rm", name);
    }

    private static Instant timeOf(String stamped, String line) {
        Matcher mt = Pattern.compile("^(\\S+) " + Pattern.quote(line) + "$", Pattern.MULTILINE).matcher(stamped);
        if (!mt.find()) {
            throw new IllegalStateException("no line " + line + " in logs -t output: " + Diff.show(stamped));
        }
        return Instant.parse(mt.group(1));
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void logsFollowSinceUntilTailTimestamps(Monitor m) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("the first lines reached podman logs while the container runs", "true");
        e.put("logs --tail 2 while running: stdout", "out2\nout3\n");
        e.put("logs --tail 2 while running: stderr", "");
        e.put("logs -f started while running (ends when the container exits): exit status", "0");
        e.put("logs -f started while running (ends when the container exits): stdout", "out1\nout2\nout3\nlate\npartial");
        e.put("logs -f started while running (ends when the container exits): stderr", "err1\nerr2\nerr3\nlate-err\n");
        e.put("wait: stdout", "3\n");
        e.put("logs: stdout", "out1\nout2\nout3\nlate\npartial");
        e.put("logs: stderr", "err1\nerr2\nerr3\nlate-err\n");
        e.put("logs -t: the bursts are >= 0.4 s apart", "true");
        e.put("logs --since <between the bursts>: stdout", "late\npartial");
        e.put("logs --since <between the bursts>: stderr", "late-err\n");
        e.put("logs --until <between the bursts>: stdout", "out1\nout2\nout3\n");
        e.put("logs --until <between the bursts>: stderr", "err1\nerr2\nerr3\n");
        e.put("logs --since <in the future>: stdout", "");
        e.put("ctr.log stdout records", "stdout F out1\nstdout F out2\nstdout F out3\nstdout F late\nstdout P partial");
        e.put("ctr.log stderr records", "stderr F err1\nstderr F err2\nstderr F err3\nstderr F late-err");
        diff.check("podman logs", this::logs, m, e);
    }

    // ---------------------------------------------------------------- log drivers

    private void journald(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "jd-" + m.tag;
        f.see("run --log-driver journald", runGated(m, f, name, List.of("--log-driver", "journald"), "echo jout; echo jerr >&2; exit 2"));
        f.see("logs", podman.exec(m, "logs", name));
        String tagged = "jdt-" + m.tag;
        String tag = "jtag-" + m.tag;
        f.see("run --log-driver journald --log-opt tag=<tag>", runGated(m, f, tagged,
                List.of("--log-driver", "journald", "--log-opt", "tag=" + tag), "echo tagged"));
        f.see("logs of the tagged container", podman.exec(m, "logs", tagged));
        String cid = podman.exec(m, "inspect", "--format", "{{.Id}}", tagged).stdout().strip();
        String thisContainer = "CONTAINER_ID_FULL=" + cid;
        Host.await(5_000, () -> journal(thisContainer, "SYSLOG_IDENTIFIER=" + tag).contains("tagged"));
        f.see("journalctl -o cat SYSLOG_IDENTIFIER=<tag>", journal(thisContainer, "SYSLOG_IDENTIFIER=" + tag));
        f.see("journalctl -o cat CONTAINER_TAG=<tag>", journal(thisContainer, "CONTAINER_TAG=" + tag));
        f.see("journalctl -o cat CONTAINER_NAME=<name>", journal(thisContainer, "CONTAINER_NAME=" + tagged));
        // Far more lines at once than the kernel queues for journald (net.unix.max_dgram_qlen, 10 by
        // default): conmon's send waits for journald, so every line must arrive.
        String burst = "jdb-" + m.tag;
        f.see("run --log-driver journald, seq 1 2000: exit status",
                Integer.toString(runGated(m, f, burst, List.of("--log-driver", "journald"), "seq 1 2000").status()));
        String burstEntries = "CONTAINER_ID_FULL=" + podman.exec(m, "inspect", "--format", "{{.Id}}", burst).stdout().strip();
        Host.await(10_000, () -> journal(burstEntries).contains("\n2000\n"));
        f.see("journal lines of seq 1 2000", Long.toString(journal(burstEntries).lines().filter(l -> !l.isEmpty()).count()));
        podman.exec(m, "rm", name, tagged, burst);
    }

    /** The MESSAGEs of the journal entries matching all of {@code matches}. */
    private static String journal(String... matches) {
        try {
            List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "cat"));
            cmd.addAll(List.of(matches));
            return Host.exec(cmd, 30).stdout();
        } catch (Exception e) {
            return "journalctl failed: " + e;
        }
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void logDriverJournald(Monitor m) {
        diff.check("journald", this::journald, m, Map.of(
                "run --log-driver journald: exit status", "2",
                "run --log-driver journald: stdout", "jout\n",
                "run --log-driver journald: stderr", "jerr\n",
                "logs: stdout", "jout\n",
                "logs: stderr", "jerr\n",
                // MESSAGE keeps the line's newline (host-setup.md "Observed formats"); -o cat adds one.
                "journalctl -o cat SYSLOG_IDENTIFIER=<tag>", "tagged\n\n",
                "journalctl -o cat CONTAINER_TAG=<tag>", "tagged\n\n",
                "journalctl -o cat CONTAINER_NAME=<name>", "tagged\n\n",
                "run --log-driver journald, seq 1 2000: exit status", "0",
                "journal lines of seq 1 2000", "2000"));
    }

    private void noneAndPassthrough(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String none = "none-" + m.tag;
        f.see("run --log-driver none", runGated(m, f, none, List.of("--log-driver", "none"), "echo nout; echo nerr >&2; exit 2"));
        f.see("logs of a none container", podman.exec(m, "logs", none));
        String pass = "pass-" + m.tag;
        // Podman's stdout and stderr are files here: passthrough needs them not to be a terminal.
        f.see("run --log-driver passthrough", runGated(m, f, pass, List.of("--rm", "--log-driver", "passthrough"),
                "echo pout; echo perr >&2; exit 5"));
        podman.exec(m, "rm", none);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void logDriversNoneAndPassthrough(Monitor m) {
        diff.check("none/passthrough", this::noneAndPassthrough, m, Map.of(
                "run --log-driver none: exit status", "2",
                "run --log-driver none: stdout", "nout\n",
                "run --log-driver none: stderr", "nerr\n",
                "logs of a none container: exit status", "125",
                "run --log-driver passthrough: exit status", "5",
                "run --log-driver passthrough: stdout", "pout\n",
                "run --log-driver passthrough: stderr", "perr\n"));
    }

    // ---------------------------------------------------------------- log options

    private static final int LINES = 25;

    private void maxSizeAndPath(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "max-" + m.tag;
        // One line every 20 ms: each is its own read, so the records (and the rotation points) are deterministic.
        String x80 = "x".repeat(80);
        Host.Result r = runGated(m, f, name, List.of("--log-opt", "max-size=1k"),
                "i=10; while [ $i -lt " + (10 + LINES) + " ]; do echo line-$i-" + x80 + "; usleep 20000; i=$((i+1)); done");
        f.see("run --log-opt max-size=1k: exit status", Integer.toString(r.status()));
        f.see("run --log-opt max-size=1k: lines on the terminal", Long.toString(r.stdout().lines().count()));
        String logs = podman.exec(m, "logs", name).stdout();
        f.see("logs after max-size=1k", logs.replace(x80, "<x80>"));
        String logPath = podman.exec(m, "inspect", "--format", "{{.HostConfig.LogConfig.Path}}", name).stdout().strip();
        long size = Files.size(Path.of(logPath));
        f.see("log file is at most 1000 bytes", Boolean.toString(size <= 1000));
        podman.exec(m, "rm", name);

        String p = "path-" + m.tag;
        Path file = podman.dir.resolve("path-" + m.tag + ".log");
        f.see("run --log-opt path=<dir>/path-M.log", runGated(m, f, p, List.of("--log-opt", "path=" + file), "echo viapath; echo err >&2"));
        f.see("the log file's records", Files.exists(file) ? records(Files.readString(file), "stdout") + "\n"
                + records(Files.readString(file), "stderr") : "absent");
        f.see("logs of the path= container", podman.exec(m, "logs", p));
        f.see("HostConfig.LogConfig.Path", podman.exec(m, "inspect", "--format", "{{.HostConfig.LogConfig.Path}}", p).stdout()
                .replace(podman.dir.toString(), "<DIR>"));
        podman.exec(m, "rm", p);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void logOptsMaxSizeAndPath(Monitor m) {
        diff.check("max-size/path", this::maxSizeAndPath, m, Map.of(
                "run --log-opt max-size=1k: exit status", "0",
                "run --log-opt max-size=1k: lines on the terminal", Integer.toString(LINES),
                "log file is at most 1000 bytes", "true",
                "run --log-opt path=<dir>/path-M.log: stdout", "viapath\n",
                "the log file's records", "stdout F viapath\nstderr F err",
                "logs of the path= container: stdout", "viapath\n",
                "logs of the path= container: stderr", "err\n",
                "HostConfig.LogConfig.Path", "<DIR>/path-M.log\n"));
    }

    private void logFileModes(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "mode-" + m.tag;
        f.see("run", runGated(m, f, name, List.of(), "echo hi"));
        String logPath = podman.exec(m, "inspect", "--format", "{{.HostConfig.LogConfig.Path}}", name).stdout().strip();
        f.own("mode of the default k8s-file log (ctr.log)", Host.mode(Path.of(logPath)));
        String p = "modep-" + m.tag;
        Path file = podman.dir.resolve("modep-" + m.tag + ".log");
        f.see("run --log-opt path=", runGated(m, f, p, List.of("--log-opt", "path=" + file), "echo hi"));
        f.own("mode of a --log-opt path= log", Host.mode(file));
        podman.exec(m, "rm", name, p);
    }

    /**
     * Deliberate difference: the C conmon here (2.1.6) creates k8s-file logs 0600; conmon changed
     * that to 0640 in v2.1.13, and jconmon answers as conmon 2.2.1 (conmon-interface.md §5.2.1).
     */
    @ParameterizedTest
    @EnumSource(Monitor.class)
    void k8sFileLogModes(Monitor m) {
        String mode = m == Monitor.JCONMON ? "0640 (rw-r-----)" : "0600 (rw-------)";
        diff.check("log file modes", this::logFileModes, m, Map.of("run: stdout", "hi\n"), Map.of(
                "mode of the default k8s-file log (ctr.log)", mode,
                "mode of a --log-opt path= log", mode));
    }

    private void tagWithK8sFile(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "tag-" + m.tag;
        // conmon refuses --log-tag with k8s-file before the container is created: no monitor runs long.
        Host.Result r = podman.exec(m, "run", "--network", "none", "--name", name, "--log-opt", "tag=mytag", IMAGE, "echo", "never");
        f.see("run --log-opt tag=mytag (k8s-file): exit status", Integer.toString(r.status()));
        f.see("run --log-opt tag=mytag (k8s-file): stdout", r.stdout());
        // Podman's own line depends on a race even with the C conmon: "Error: write child: broken
        // pipe" if conmon exited before Podman wrote the start pipe, else "Error: exit status 1".
        f.own("run --log-opt tag=mytag (k8s-file): conmon's lines on stderr", r.stderr().lines()
                .filter(l -> l.startsWith("[conmon")).collect(Collectors.joining("\n")));
        f.see("run --log-opt tag=mytag (k8s-file): Podman reports an error", Boolean.toString(r.stderr().contains("Error: ")));
        f.see("state afterwards", podman.exec(m, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).stdout());
        podman.exec(m, "rm", "-f", name);
    }

    /**
     * conmon exits 1 on --log-tag with k8s-file (host-setup.md "Observed formats"); the user sees
     * conmon's message and an error from Podman. Deliberate difference in the prefix: the C conmon
     * here (2.1.6) prints "[conmon:e] " without a colon; conmon 2.2.x, whose interface jconmon
     * implements, prints "[conmon:e]: " (conmon-interface.md §1.3).
     */
    @ParameterizedTest
    @EnumSource(Monitor.class)
    void logOptTagIsRefusedWithK8sFile(Monitor m) {
        diff.check("tag with k8s-file", this::tagWithK8sFile, m, Map.of(
                "run --log-opt tag=mytag (k8s-file): exit status", "126",
                "run --log-opt tag=mytag (k8s-file): stdout", "",
                "run --log-opt tag=mytag (k8s-file): Podman reports an error", "true"), Map.of(
                "run --log-opt tag=mytag (k8s-file): conmon's lines on stderr",
                (m == Monitor.JCONMON ? "[conmon:e]: " : "[conmon:e] ") + "k8s-file doesn't support --log-tag"));
    }
}
