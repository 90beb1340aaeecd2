package io.jconmon.it;

import static io.jconmon.it.PodmanHost.IMAGE;
import static io.jconmon.it.PodmanHost.awaitGate;

import io.jconmon.it.Diff.Facts;
import io.jconmon.it.PodmanHost.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real Podman 4.3.1 driving the C conmon and jconmon with the same inputs: what a user sees
 * (exit codes, output, terminals, attach, exec, stop/kill/wait/restart, --timeout, --preserve-fds,
 * OOM, runc) must be the same. Each test runs once per monitor; both runs of a scenario happen
 * concurrently, and the jconmon run is compared fact by fact with the C conmon's. Every container
 * (and exec session) is checked to be served by the monitor under test, through
 * {@code /proc/<State.ConmonPid>}, and {@code podman info} must report that monitor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanDifferentialTest {
    private static final OciRuntime CRUN = OciRuntime.CRUN;
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



    // ---------------------------------------------------------------- podman run, foreground

    private void runExitCodes(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        for (int code : new int[] {0, 1, 42}) {
            String name = "run" + code + "-" + m.tag;
            Job run = podman.start(m, CRUN, PodmanHost.args(List.of("run", "--rm", "--network", "none", "--name", name), podman.gate(name),
                    List.of(IMAGE, "sh", "-c", awaitGate("go") + "echo out" + code + "; echo err" + code + " >&2; exit " + code)));
            run.closeStdin();
            podman.proveAndOpen(m, CRUN, name, f, run);
            f.see("run --rm, exit " + code, run.await(60));
            f.see("run --rm, exit " + code + ": `container exists` afterwards", Integer.toString(podman.exec(m, "container", "exists", name).status()));
        }
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runForegroundExitCodesAndRm(Monitor m) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int code : new int[] {0, 1, 42}) {
            expected.put("run --rm, exit " + code + ": exit status", Integer.toString(code));
            expected.put("run --rm, exit " + code + ": stdout", "out" + code + "\n");
            expected.put("run --rm, exit " + code + ": stderr", "err" + code + "\n");
            expected.put("run --rm, exit " + code + ": `container exists` afterwards", "1");
        }
        diff.check("run foreground exit codes", this::runExitCodes, m, expected);
    }

    // ---------------------------------------------------------------- podman run -i

    private static final byte[] BIG_STDIN = bigText();

    private static byte[] bigText() {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder();
        while (b.length() < 2_000_000) {
            byte[] line = new byte[75];
            r.nextBytes(line);
            b.append(java.util.Base64.getEncoder().encodeToString(line)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void runInteractive(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "runi-" + m.tag;
        Job run = podman.start(m, CRUN, List.of("run", "--rm", "-i", "--network", "none", "--name", name, IMAGE,
                "sh", "-c", "cat; echo done; exit 3"));
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name)); // cat waits for stdin
        run.write("a\nb\n").closeStdin();
        f.see("run -i, stdin a,b then EOF", run.await(60));

        String big = "runbig-" + m.tag;
        Job run2 = podman.start(m, CRUN, List.of("run", "--rm", "-i", "--network", "none", "--name", big, IMAGE,
                "sh", "-c", "md5sum; exit 4"));
        f.prove("monitor of container " + big, podman.monitorOf(m, CRUN, big));
        run2.process.getOutputStream().write(BIG_STDIN);
        run2.closeStdin();
        f.see("run -i, 2 MB of stdin through md5sum", run2.await(60));
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runInteractiveWithPipedStdin(Monitor m) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(BIG_STDIN));
        diff.check("run -i", this::runInteractive, m, Map.of(
                "run -i, stdin a,b then EOF: exit status", "3",
                "run -i, stdin a,b then EOF: stdout", "a\nb\ndone\n",
                "run -i, 2 MB of stdin through md5sum: exit status", "4",
                "run -i, 2 MB of stdin through md5sum: stdout", md5 + "  -\n"));
    }

    // ---------------------------------------------------------------- terminals

    private void runTty(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "runt-" + m.tag;
        Job t = podman.startInTerminal(m, CRUN, 24, 80, PodmanHost.args(List.of("run", "--rm", "-t", "--network", "none", "--name", name),
                podman.gate(name), List.of(IMAGE, "sh", "-c", awaitGate("go") + "tty; echo x; exit 3")));
        podman.proveAndOpen(m, CRUN, name, f, t);
        f.see("run -t (in a terminal)", t.await(60));

        String it = "runit-" + m.tag;
        Job t2 = podman.startInTerminal(m, CRUN, 24, 80, List.of("run", "--rm", "-it", "--network", "none", "--name", it,
                IMAGE, "sh", "-c", "read x; echo got:$x; exit 6"));
        f.prove("monitor of container " + it, podman.monitorOf(m, CRUN, it)); // read waits for the terminal
        Thread.sleep(300); // let podman put its terminal in raw mode before typing
        t2.write("hello\n");
        Host.Result r = t2.await(60);
        f.see("run -it (in a terminal), typing hello", r);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runWithTerminal(Monitor m) {
        diff.check("run -t / -it", this::runTty, m, Map.of(
                "run -t (in a terminal): exit status", "3",
                "run -t (in a terminal): stdout", "/dev/pts/0\r\nx\r\n",
                "run -it (in a terminal), typing hello: exit status", "6",
                "run -it (in a terminal), typing hello: stdout", "hello\r\ngot:hello\r\n"));
    }

    private static final int SIZE_TRIES = 5;

    /**
     * The size of Podman's terminal reaches the container's pty. Podman writes it to the ctl fifo
     * while it attaches, concurrently with starting the container: a race for a program that asks
     * for the size as its very first instruction. The C conmon reacts in microseconds and won it 30
     * of 30 times here; jconmon (about 0.5 ms from ctl to TIOCSWINSZ, measured with strace) wins it
     * in most runs but not all on this 2-core machine, so the check is the size 0.3 s into the
     * container, which both must always get right. Known difference, see the closing note of the
     * Podman issue.
     */
    private void windowSize(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        StringBuilder runSizes = new StringBuilder();
        for (int i = 0; i < SIZE_TRIES; i++) {
            String name = "size" + i + "-" + m.tag;
            Job t = podman.startInTerminal(m, CRUN, 11, 77, PodmanHost.args(List.of("run", "--rm", "-t", "--network", "none", "--name", name),
                    podman.gate(name), List.of(IMAGE, "sh", "-c", "usleep 300000; stty size 2>&1; " + awaitGate("go"))));
            podman.proveAndOpen(m, CRUN, name, f, t);
            Host.Result r = t.await(60);
            runSizes.append(r.stdout().replace("\r", "")).append(r.status() == 0 ? "" : "exit " + r.status() + "\n");
        }
        f.see("`stty size` 0.3 s into `run -t`, " + SIZE_TRIES + " runs in an 11x77 terminal", runSizes.toString());

        // exec -t: the size is set shortly after the process starts, by either monitor (the start
        // itself is a race that even the C conmon loses now and then on a busy machine).
        String name = "sizeexec-" + m.tag;
        Host.Result d = podman.exec(m, "run", "-d", "--network", "none", "--name", name, IMAGE, "sleep", "1000");
        f.see("run -d sleep", d);
        String cid = d.stdout().strip();
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name));
        Job t = podman.startInTerminal(m, CRUN, 11, 77, List.of("exec", "-t", name, "sh", "-c",
                "usleep 300000; stty size 2>&1; until [ -e /tmp/go ]; do usleep 10000; done"));
        try {
            Host.await(20_000, () -> t.stdoutSoFar().contains("\n"));
            f.prove("monitor of the exec -t session", PodmanHost.execMonitorOf(cid));
        } finally {
            podman.exec(m, "exec", name, "touch", "/tmp/go");
        }
        f.see("`stty size` 0.3 s into `exec -t` in an 11x77 terminal", t.await(60));
        podman.exec(m, "rm", "-f", "-t", "0", name);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void terminalGetsPodmansWindowSize(Monitor m) {
        diff.check("window size of -t", this::windowSize, m, Map.of(
                "`stty size` 0.3 s into `run -t`, 5 runs in an 11x77 terminal", "11 77\n".repeat(SIZE_TRIES),
                "`stty size` 0.3 s into `exec -t` in an 11x77 terminal: stdout", "11 77\r\n"),
                Map.of(), true); // one monitor at a time: under CPU contention even the C conmon can lose this race
    }

    // ---------------------------------------------------------------- run -dit, attach

    private void attach(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "att-" + m.tag;
        Host.Result d = podman.exec(m, "run", "-dit", "--network", "none", "--name", name, IMAGE, "sh", "-c",
                "while read l; do echo got:$l; done; echo bye; exit 9");
        f.see("run -dit", d);
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name));

        // Attach, type a line, detach with the default keys ctrl-p ctrl-q.
        Job a1 = podman.startInTerminal(m, CRUN, 24, 80, List.of("attach", name));
        Thread.sleep(700); // attached and raw
        a1.write("one\n");
        Thread.sleep(300);
        a1.write("\u0010");
        Thread.sleep(200);
        a1.write("\u0011");
        f.see("attach, type one, detach with ctrl-p ctrl-q", a1.await(30));
        f.see("status after detaching", podman.exec(m, "inspect", "--format", "{{.State.Status}}", name).stdout());

        // Attach again without signal proxying, type a line, then end the container's input (^D).
        Job a2 = podman.startInTerminal(m, CRUN, 24, 80, List.of("attach", "--sig-proxy=false", name));
        Thread.sleep(700);
        a2.write("two\n");
        Thread.sleep(300);
        a2.write("\u0004");
        f.see("attach --sig-proxy=false, type two then ^D", a2.await(30));
        f.see("wait", podman.exec(m, "wait", name));
        f.see("logs", podman.exec(m, "logs", name));
        f.see("inspect exit code", podman.exec(m, "inspect", "--format", "{{.State.ExitCode}}", name).stdout());
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runDetachedInteractiveTtyThenAttach(Monitor m) {
        diff.check("run -dit + attach", this::attach, m, Map.of(
                "attach, type one, detach with ctrl-p ctrl-q: exit status", "0",
                "attach, type one, detach with ctrl-p ctrl-q: stdout", "one\r\ngot:one\r\n\r\n",
                "status after detaching", "running\n",
                "wait: stdout", "9\n",
                "logs: stdout", "one\r\ngot:one\r\ntwo\r\ngot:two\r\nbye\r\n"));
    }

    // ---------------------------------------------------------------- exec

    private void exec(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "exec-" + m.tag;
        Host.Result d = podman.exec(m, "run", "-d", "--network", "none", "--name", name, IMAGE, "sleep", "1000");
        f.see("run -d", d);
        String cid = d.stdout().strip();
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name));

        for (int code : new int[] {0, 1, 42}) {
            f.see("exec, exit " + code, podman.exec(m, "exec", name, "sh", "-c", "echo o" + code + "; echo e" + code + " >&2; exit " + code));
        }
        // An exec session that waits, so its monitor can be identified.
        Job gated = podman.start(m, CRUN, List.of("exec", name, "sh", "-c", "until [ -e /tmp/go ]; do usleep 10000; done; echo gated; exit 42"));
        gated.closeStdin();
        try {
            f.prove("monitor of an exec session", PodmanHost.execMonitorOf(cid));
        } finally {
            podman.exec(m, "exec", name, "touch", "/tmp/go");
        }
        f.see("exec, gated, exit 42", gated.await(60));
        f.see("exec of a missing binary", podman.exec(m, "exec", name, "no-such-command"));
        f.see("exec of a missing absolute path", podman.exec(m, "exec", name, "/no/such/file"));

        Job i = podman.start(m, CRUN, List.of("exec", "-i", name, "sh", "-c", "cat; exit 4"));
        f.prove("monitor of exec -i session", PodmanHost.execMonitorOf(cid));
        i.write("piped\n").closeStdin();
        f.see("exec -i with piped stdin", i.await(60));

        Job t = podman.startInTerminal(m, CRUN, 24, 80, List.of("exec", "-t", name, "sh", "-c",
                "until [ -e /tmp/got ]; do usleep 10000; done; tty; exit 5"));
        try {
            f.prove("monitor of exec -t session", PodmanHost.execMonitorOf(cid));
        } finally {
            podman.exec(m, "exec", name, "touch", "/tmp/got");
        }
        f.see("exec -t (in a terminal)", t.await(60));

        Job it = podman.startInTerminal(m, CRUN, 24, 80, List.of("exec", "-it", name, "sh", "-c", "read x; echo got:$x; exit 6"));
        f.prove("monitor of exec -it session", PodmanHost.execMonitorOf(cid));
        Thread.sleep(300);
        it.write("hi\n");
        f.see("exec -it (in a terminal), typing hi", it.await(60));

        Host.Result dd = podman.exec(m, "exec", "-d", name, "sh", "-c",
                "until [ -e /tmp/god ]; do usleep 10000; done; echo detached > /tmp/d; exit 3");
        f.see("exec -d", dd);
        try {
            f.prove("monitor of exec -d session", PodmanHost.execMonitorOf(cid));
        } finally {
            podman.exec(m, "exec", name, "touch", "/tmp/god");
        }
        Host.await(10_000, () -> {
            try {
                return podman.exec(m, "exec", name, "cat", "/tmp/d").status() == 0;
            } catch (Exception e) {
                return false;
            }
        });
        f.see("what exec -d wrote", podman.exec(m, "exec", name, "cat", "/tmp/d"));
        podman.exec(m, "rm", "-f", "-t", "0", name);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void execPlainInteractiveTtyDetachedAndExitCodes(Monitor m) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int code : new int[] {0, 1, 42}) {
            expected.put("exec, exit " + code + ": exit status", Integer.toString(code));
            expected.put("exec, exit " + code + ": stdout", "o" + code + "\n");
            expected.put("exec, exit " + code + ": stderr", "e" + code + "\n");
        }
        expected.put("exec, gated, exit 42: exit status", "42");
        expected.put("exec of a missing binary: exit status", "127");
        expected.put("exec of a missing binary: stderr", "Error: crun: executable file `no-such-command` not found in $PATH: "
                + "No such file or directory: OCI runtime attempted to invoke a command that was not found\n");
        expected.put("exec of a missing absolute path: exit status", "127");
        expected.put("exec -i with piped stdin: exit status", "4");
        expected.put("exec -i with piped stdin: stdout", "piped\n");
        expected.put("exec -t (in a terminal): exit status", "5");
        expected.put("exec -t (in a terminal): stdout", "/dev/pts/0\r\n");
        expected.put("exec -it (in a terminal), typing hi: exit status", "6");
        expected.put("exec -it (in a terminal), typing hi: stdout", "hi\r\ngot:hi\r\n");
        expected.put("exec -d: exit status", "0");
        expected.put("exec -d: stdout", "<ID>\n");
        expected.put("what exec -d wrote: stdout", "detached\n");
        diff.check("exec", this::exec, m, expected);
    }

    // ---------------------------------------------------------------- stop, kill, wait, restart

    private static final String TRAP = "trap 'echo caught; exit 21' TERM; echo ready; while :; do usleep 50000; done";

    private void lifecycle(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String sleeper = "stop-" + m.tag;
        String trapper = "trap-" + m.tag;
        String init = "init-" + m.tag;
        String killed = "kill-" + m.tag;
        String termed = "term-" + m.tag;
        f.see("run -d sleep (PID 1 ignores TERM)", podman.exec(m, "run", "-d", "--network", "none", "--name", sleeper, IMAGE, "sleep", "1000"));
        f.see("run -d trapping TERM", podman.exec(m, "run", "-d", "--network", "none", "--name", trapper, IMAGE, "sh", "-c", TRAP));
        f.see("run -d --init sleep", podman.exec(m, "run", "-d", "--init", "--network", "none", "--name", init, IMAGE, "sleep", "1000"));
        f.see("run -d sleep to kill", podman.exec(m, "run", "-d", "--network", "none", "--name", killed, IMAGE, "sleep", "1000"));
        f.see("run -d trapping TERM to kill -s TERM", podman.exec(m, "run", "-d", "--network", "none", "--name", termed, IMAGE, "sh", "-c", TRAP));
        for (String n : List.of(sleeper, trapper, init, killed, termed)) {
            f.prove("monitor of container " + n, podman.monitorOf(m, CRUN, n));
        }
        long oldTrapMonitor = podman.conmonPid(m, CRUN, trapper);
        for (String n : List.of(trapper, termed)) { // the trap is set once "ready" is logged
            Host.await(10_000, () -> logs(m, n).contains("ready"));
        }

        long t0 = System.nanoTime();
        f.see("stop -t 1 (TERM ignored)", podman.exec(m, "stop", "-t", "1", sleeper));
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        f.see("stop -t 1 (TERM ignored) took at least 1 s", Boolean.toString(stopMillis >= 1000));
        f.see("stop -t 10 (TERM trapped)", podman.exec(m, "stop", "-t", "10", trapper));
        f.see("stop -t 10 --init (sleep dies of TERM)", podman.exec(m, "stop", "-t", "10", init));
        f.see("kill", podman.exec(m, "kill", killed));
        f.see("kill -s TERM (trapped)", podman.exec(m, "kill", "-s", "TERM", termed));
        f.see("wait all", podman.exec(m, "wait", sleeper, trapper, init, killed, termed));
        f.see("inspect status and exit codes", podman.exec(m, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}",
                sleeper, trapper, init, killed, termed));
        f.see("logs of the trapping container", podman.exec(m, "logs", trapper));

        f.see("restart -t 0 (stopped container)", podman.exec(m, "restart", "-t", "0", trapper));
        long newTrapMonitor = podman.conmonPid(m, CRUN, trapper);
        f.prove("monitor of container " + trapper + " after restart", PodmanHost.whoIs(newTrapMonitor));
        f.see("restart gave a new monitor", Boolean.toString(newTrapMonitor != oldTrapMonitor));
        Host.await(10_000, () -> logs(m, trapper).split("ready", -1).length == 3);
        f.see("restart -t 5 (running container)", podman.exec(m, "restart", "-t", "5", trapper));
        long thirdMonitor = podman.conmonPid(m, CRUN, trapper);
        f.prove("monitor of container " + trapper + " after the 2nd restart", PodmanHost.whoIs(thirdMonitor));
        Host.await(10_000, () -> logs(m, trapper).split("ready", -1).length == 4);
        f.see("stop after restart", podman.exec(m, "stop", "-t", "10", trapper));
        f.see("wait after restart", podman.exec(m, "wait", trapper));
        f.see("logs after restarts", podman.exec(m, "logs", trapper));
        podman.exec(m, "rm", "-f", "-t", "0", sleeper, trapper, init, killed, termed);
    }

    private String logs(Monitor m, String name) {
        try {
            return podman.exec(m, "logs", name).stdout();
        } catch (Exception e) {
            return "";
        }
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void stopKillWaitRestart(Monitor m) {
        diff.check("stop/kill/wait/restart", this::lifecycle, m, Map.of(
                "stop -t 1 (TERM ignored): exit status", "0",
                "stop -t 1 (TERM ignored): stderr", "time=\"<T>\" level=warning msg=\"StopSignal SIGTERM failed to stop container "
                        + "stop-M in 1 seconds, resorting to SIGKILL\"\n",
                "stop -t 1 (TERM ignored) took at least 1 s", "true",
                "wait all: stdout", "137\n21\n143\n137\n21\n",
                "inspect status and exit codes: stdout", "exited 137\nexited 21\nexited 143\nexited 137\nexited 21\n",
                "logs of the trapping container: stdout", "ready\ncaught\n",
                "restart gave a new monitor", "true",
                "wait after restart: stdout", "21\n",
                "logs after restarts: stdout", "ready\ncaught\nready\ncaught\nready\ncaught\n"));
    }

    // ---------------------------------------------------------------- --timeout

    private void timeout(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "tmo-" + m.tag;
        long t0 = System.nanoTime();
        Job run = podman.start(m, CRUN, List.of("run", "--timeout", "2", "--network", "none", "--name", name, IMAGE,
                "sh", "-c", "echo started; sleep 100"));
        run.closeStdin();
        f.prove("monitor of container " + name, podman.monitorOf(m, CRUN, name));
        f.see("run --timeout 2 sleep 100", run.await(60));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // C conmon arms the timer with g_timeout_add_seconds, which rounds to whole seconds: it may fire after 1.x s.
        f.see("took 1 to 10 s", Boolean.toString(millis >= 1000 && millis < 10_000));
        f.see("inspect", podman.exec(m, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).stdout());
        f.see("logs", podman.exec(m, "logs", name));
        podman.exec(m, "rm", "-f", name);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runTimeoutKillsTheContainer(Monitor m) {
        diff.check("run --timeout", this::timeout, m, Map.of(
                "run --timeout 2 sleep 100: exit status", "255",
                "run --timeout 2 sleep 100: stdout", "started\n",
                "took 1 to 10 s", "true",
                "inspect", "exited -1\n"));
    }

    // ---------------------------------------------------------------- --preserve-fds

    private void preserveFds(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        Path file = podman.dir.resolve("fd3-" + m.tag + ".txt");
        Files.writeString(file, "hello through fd 3\n");
        String name = "pfd-" + m.tag;
        Job run = podman.startWithFd(m, CRUN, 3, file, PodmanHost.args(List.of("run", "--rm", "--preserve-fds", "1", "--network", "none",
                "--name", name), podman.gate(name), List.of(IMAGE, "sh", "-c",
                awaitGate("go") + "cat /proc/self/fd/3; ls /proc/self/fd")));
        podman.proveAndOpen(m, CRUN, name, f, run);
        f.see("run --preserve-fds 1 with 3<file", run.await(60));
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void preserveFdsPassesFd3(Monitor m) {
        diff.check("run --preserve-fds", this::preserveFds, m, Map.of(
                "run --preserve-fds 1 with 3<file: exit status", "0",
                "run --preserve-fds 1 with 3<file: stdout", "hello through fd 3\n0\n1\n2\n3\n4\n"));
    }

    // ---------------------------------------------------------------- OOM

    private void oom(Monitor m, Facts f) throws Exception {
        f.proveInfo(podman);
        String name = "oom-" + m.tag;
        Job run = podman.start(m, CRUN, PodmanHost.args(List.of("run", "--memory", "10m", "--network", "none", "--name", name), podman.gate(name),
                List.of(IMAGE, "sh", "-c", awaitGate("go") + "tail /dev/zero")));
        run.closeStdin();
        podman.proveAndOpen(m, CRUN, name, f, run);
        f.see("run --memory 10m tail /dev/zero", run.await(60));
        f.see("exit code", podman.exec(m, "inspect", "--format", "{{.State.ExitCode}} {{.State.Status}}", name).stdout());
        f.own("State.OOMKilled", podman.exec(m, "inspect", "--format", "{{.State.OOMKilled}}", name).stdout().strip());
        podman.exec(m, "rm", "-f", name);
    }

    /**
     * Deliberate difference: C conmon 2.1.6 writes its {@code oom} file into its working directory,
     * where Podman never looks (host-setup.md "Observed formats"), so Podman reports
     * OOMKilled=false; jconmon writes {@code <bundle>/oom} and {@code <persist-dir>/oom}.
     */
    @ParameterizedTest
    @EnumSource(Monitor.class)
    void oomKilledContainer(Monitor m) {
        diff.check("OOM", this::oom, m, Map.of(
                "run --memory 10m tail /dev/zero: exit status", "137",
                "exit code", "137 exited\n"),
                Map.of("State.OOMKilled", m == Monitor.JCONMON ? "true" : "false"));
    }

    // ---------------------------------------------------------------- runc

    private void runc(Monitor m, Facts f) throws Exception {
        OciRuntime rt = OciRuntime.RUNC;
        f.proveInfo(podman);
        String fg = "rfg-" + m.tag;
        Job run = podman.start(m, rt, PodmanHost.args(List.of("run", "--rm", "--network", "none", "--name", fg), podman.gate(fg),
                List.of(IMAGE, "sh", "-c", awaitGate("go") + "echo via-runc; echo err >&2; exit 13")));
        run.closeStdin();
        podman.proveAndOpen(m, rt, fg, f, run);
        f.see("runc: run --rm, exit 13", run.await(60));

        String d = "rd-" + m.tag;
        f.see("runc: run -d", podman.exec(m, rt, List.of("run", "-d", "--network", "none", "--name", d, IMAGE, "sh", "-c", TRAP), 60));
        f.prove("monitor of container " + d, podman.monitorOf(m, rt, d));
        f.see("runc: OCIRuntime", podman.exec(m, rt, List.of("inspect", "--format", "{{.OCIRuntime}}", d), 60).stdout());
        f.see("runc: exec, exit 4", podman.exec(m, rt, List.of("exec", d, "sh", "-c", "echo e; exit 4"), 60));
        f.see("runc: exec of a missing binary", podman.exec(m, rt, List.of("exec", d, "no-such-command"), 60));
        Job t = podman.startInTerminal(m, rt, 24, 80, List.of("exec", "-t", d, "sh", "-c", "tty; exit 5"));
        f.see("runc: exec -t (in a terminal)", t.await(60));
        Host.await(10_000, () -> {
            try {
                return podman.exec(m, rt, List.of("logs", d), 60).stdout().contains("ready");
            } catch (Exception e) {
                return false;
            }
        });
        f.see("runc: stop (TERM trapped)", podman.exec(m, rt, List.of("stop", "-t", "10", d), 60));
        f.see("runc: wait", podman.exec(m, rt, List.of("wait", d), 60));
        f.see("runc: logs", podman.exec(m, rt, List.of("logs", d), 60));

        String tty = "rt-" + m.tag;
        Job tr = podman.startInTerminal(m, rt, 24, 80, PodmanHost.args(List.of("run", "--rm", "-t", "--network", "none", "--name", tty),
                podman.gate(tty), List.of(IMAGE, "sh", "-c", awaitGate("go") + "tty; exit 3")));
        podman.proveAndOpen(m, rt, tty, f, tr);
        f.see("runc: run -t (in a terminal)", tr.await(60));
        podman.exec(m, rt, List.of("rm", "-f", "-t", "0", d), 60);
    }

    @ParameterizedTest
    @EnumSource(Monitor.class)
    void runcContainers(Monitor m) {
        diff.check("runc", this::runc, m, Map.of(
                "runc: run --rm, exit 13: exit status", "13",
                "runc: run --rm, exit 13: stdout", "via-runc\n",
                "runc: run --rm, exit 13: stderr", "err\n",
                "runc: OCIRuntime", "runc\n",
                "runc: exec, exit 4: exit status", "4",
                "runc: exec of a missing binary: exit status", "127",
                "runc: exec -t (in a terminal): stdout", "/dev/pts/0\r\n",
                "runc: wait: stdout", "21\n",
                "runc: logs: stdout", "ready\ncaught\n",
                "runc: run -t (in a terminal): exit status", "3"));
    }
}
