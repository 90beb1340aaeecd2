package io.jconmon.it;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives one conmon (C or jconmon) exactly the way Podman does (conmon-interface.md §1.4, §2;
 * host-setup.md "Driving a conmon by hand"): a fresh work dir; {@code sync} and {@code start} fifos
 * held open read-write by a bash exec wrapper so the monitor gets {@code _OCI_SYNCPIPE=5
 * _OCI_STARTPIPE=6}; Podman's argv; one {@code \0} on the start fifo; wait for P1; read the sync
 * fifo line by line; {@code RUNTIME start ID}; wait for {@code <exits>/<ID>}; then cleanup
 * ({@code RUNTIME delete -f ID}, kill a leftover monitor, delete the work dir).
 *
 * <p>Use {@link #execute(Monitor, OciRuntime, Spec)} for a whole run; it returns an immutable
 * {@link Outcome} and always cleans up. In {@link Spec} arguments, {@code {W}} stands for the work
 * dir and {@code {ID}} for the container id; {@link Outcome#norm(String)} maps them back, so the
 * outcomes of the two monitors compare as text.
 */
final class ConmonRun implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "conmon-run");
        t.setDaemon(true);
        return t;
    });
    static final Pattern SYNC_PID = Pattern.compile("\\{\"data\": (-?\\d+)\\}");

    /** What to run and how to vary Podman's argv. Mutable, built fluently by a test. */
    static final class Spec {
        final List<String> command;
        final List<String> extraArgs = new ArrayList<>();
        final List<String> tailArgs = new ArrayList<>();
        UnaryOperator<List<String>> argvEdit = UnaryOperator.identity();
        String runtimePath;
        boolean bundleMissing;
        boolean exitDirMissing;
        boolean persistDirMissing;
        String logSpec = "k8s-file:{W}/ctr.log";
        Hook afterStart = run -> {};
        long exitWaitMillis = 30_000;
        boolean bundleTty;
        final Map<String, String> env = new java.util.HashMap<>();
        /** Runs once the bundle exists, before the monitor starts (to add files to its rootfs). */
        Hook bundleReady = run -> {};

        Spec(String... command) {
            this.command = List.of(command);
        }

        /** Options inserted after {@code --syslog}, where Podman puts --log-size-max, --timeout=N etc. */
        Spec extra(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Options after {@code -P <pidfile>}, where Podman puts --exit-command and its args. */
        Spec tail(String... args) {
            tailArgs.addAll(List.of(args));
            return this;
        }

        Spec edit(UnaryOperator<List<String>> edit) {
            argvEdit = edit;
            return this;
        }

        Spec runtime(String path) {
            runtimePath = path;
            return this;
        }

        Spec log(String spec) {
            logSpec = spec;
            return this;
        }

        /** An environment variable for the monitor (as containers.conf's conmon_env_vars would set it). */
        Spec env(String key, String value) {
            env.put(key, value);
            return this;
        }

        Spec afterStart(Hook hook) {
            afterStart = hook;
            return this;
        }
    }

    /** A step run after {@code RUNTIME start} succeeded, before waiting for the exit file. */
    @FunctionalInterface
    interface Hook {
        void run(ConmonRun run) throws Exception;
    }

    /** Everything an engine could observe of one run, captured before cleanup. */
    record Outcome(
            Monitor monitor, OciRuntime runtime, String id, String work, List<String> argv,
            int p1Status, String p1Stdout, String p1Stderr,
            String conmonPidRaw, boolean monitorAliveAtP1Exit,
            List<String> syncLines, String syncRaw, boolean syncEof,
            String containerPidRaw, long containerPpid, List<Integer> containerFds,
            List<String> bundleWhileRunning,
            Host.Result start,
            boolean exitFileSeen, long exitMillis,
            String exitFile, String persistExit, byte[] log, byte[] logAtExitFile,
            boolean monitorGone, List<String> bundleAfter, String marker,
            Map<String, String> modes, Map<String, String> notes) {

        /** The monitor's pid from the -P file, or -1. */
        long monitorPid() {
            return parsePid(conmonPidRaw);
        }

        /** The container pid from the runtime's pidfile, or -1. */
        long containerPid() {
            return parsePid(containerPidRaw == null ? null : containerPidRaw.trim());
        }

        /** Replaces the work dir and container id in {@code s} by {W} and {ID}. */
        String norm(String s) {
            return s == null ? null : s.replace(work, "{W}").replace(id, "{ID}");
        }

        /**
         * P1's stderr without debug lines (whose wording legitimately differs; C 2.1.6's
         * oom_score_adj debug line also ends in an extra empty line), normalized.
         */
        String p1StderrNoDebug() {
            return norm(p1Stderr.lines().filter(l -> !l.startsWith("[conmon:d]") && !l.isEmpty()).map(l -> l + "\n")
                    .reduce("", String::concat));
        }

        /** The sync lines, with the first message's container pid replaced by {PID}. */
        List<String> syncNormalized() {
            List<String> out = new ArrayList<>();
            for (String line : syncLines) {
                Matcher m = SYNC_PID.matcher(line);
                out.add(m.matches() && Long.parseLong(m.group(1)) > 0 ? "{\"data\": {PID}}" : norm(line));
            }
            return out;
        }

        String describe() {
            return monitor + "/" + runtime + " id=" + id + " work=" + work + "\n  argv=" + argv
                    + "\n  P1 status=" + p1Status + " stdout=" + p1Stdout.strip() + " stderr=" + p1Stderr.strip()
                    + "\n  sync=" + syncLines + (syncEof ? " (EOF)" : "") + " start=" + start
                    + "\n  exit=" + exitFile + " persist=" + persistExit + " monitorGone=" + monitorGone;
        }
    }

    final Monitor monitor;
    final OciRuntime runtime;
    final Spec spec;
    final String id;
    final Path work;
    final Path bundle;
    final Path exits;
    final Path persist;
    final Path syncFifo;
    final Path startFifo;
    final Path conmonPidFile;
    final Path containerPidFile;
    final Path logFile;

    /** Observations a {@link Hook} records while the container runs; copied into the outcome. */
    final Map<String, String> notes = new java.util.concurrent.ConcurrentHashMap<>();
    private final BlockingQueue<Optional<String>> syncQueue = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream syncRaw = new ByteArrayOutputStream();
    private final List<String> syncLines = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean syncEof;
    private Thread syncReader;
    private Process p1;
    private RandomAccessFile startWriter;
    private List<String> argv;

    private ConmonRun(Monitor monitor, OciRuntime runtime, Spec spec) throws IOException {
        this.monitor = monitor;
        this.runtime = runtime;
        this.spec = spec;
        // Unique and longer than 12 characters (journald and Podman both want that).
        this.id = "jcit-" + monitor.tag + "-" + runtime.name().toLowerCase() + "-" + ProcessHandle.current().pid()
                + "-" + SEQ.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        this.work = Files.createTempDirectory(Path.of("/tmp"), "jconmon-it-");
        this.bundle = work.resolve("bundle");
        this.exits = work.resolve("exits");
        this.persist = work.resolve("persist");
        this.syncFifo = work.resolve("sync");
        this.startFifo = work.resolve("start");
        this.conmonPidFile = work.resolve("conmon.pid");
        this.containerPidFile = bundle.resolve("pidfile");
        this.logFile = work.resolve("ctr.log");
    }

    /** Runs both monitors with the same spec, concurrently, and returns {C, jconmon}. */
    static Outcome[] both(OciRuntime runtime, java.util.function.Supplier<Spec> spec) throws Exception {
        Future<Outcome> c = POOL.submit(() -> execute(Monitor.C_CONMON, runtime, spec.get()));
        Future<Outcome> j = POOL.submit(() -> execute(Monitor.JCONMON, runtime, spec.get()));
        return new Outcome[] {c.get(180, TimeUnit.SECONDS), j.get(180, TimeUnit.SECONDS)};
    }

    /** One whole run, Podman style; always cleans up. */
    static Outcome execute(Monitor monitor, OciRuntime runtime, Spec spec) throws Exception {
        try (ConmonRun run = new ConmonRun(monitor, runtime, spec)) {
            return run.go();
        }
    }

    String sub(String s) {
        return s.replace("{W}", work.toString()).replace("{ID}", id);
    }

    private List<String> buildArgv() {
        List<String> a = new ArrayList<>(List.of(
                "--api-version", "1", "-c", id, "-u", id,
                "-r", spec.runtimePath != null ? sub(spec.runtimePath) : runtime.path.toString(),
                "-b", bundle.toString(), "-p", containerPidFile.toString(), "-n", "name-" + id,
                "--exit-dir", exits.toString(), "--persist-dir", persist.toString(), "--full-attach",
                "-l", sub(spec.logSpec), "--log-level", "debug", "--syslog"));
        spec.extraArgs.forEach(x -> a.add(sub(x)));
        a.addAll(List.of("-P", conmonPidFile.toString()));
        spec.tailArgs.forEach(x -> a.add(sub(x)));
        return spec.argvEdit.apply(a);
    }

    private Outcome go() throws Exception {
        if (!spec.exitDirMissing) {
            Files.createDirectories(exits);
        }
        if (!spec.persistDirMissing) {
            Files.createDirectories(persist);
        }
        if (!spec.bundleMissing) {
            List<String> cmd = new ArrayList<>(List.of(Host.REPO.resolve("scripts/make-bundle.sh").toString(),
                    bundle.toString()));
            if (spec.bundleTty) {
                cmd.add("--tty");
            }
            cmd.add("--");
            spec.command.forEach(x -> cmd.add(sub(x)));
            Host.run(cmd);
            spec.bundleReady.run(this);
        }
        Host.run(List.of("mkfifo", syncFifo.toString(), startFifo.toString()));
        argv = buildArgv();

        syncReader = new Thread(this::readSync, "sync-reader-" + id);
        syncReader.setDaemon(true);
        syncReader.start();

        List<String> wrapper = new ArrayList<>(List.of("bash", "-c", "exec 5<>sync 6<>start; exec \"$@\"", "bash",
                monitor.path.toString()));
        wrapper.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(wrapper).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(work.resolve("p1.out").toFile()).redirectError(work.resolve("p1.err").toFile());
        pb.environment().put("_OCI_SYNCPIPE", "5");
        pb.environment().put("_OCI_STARTPIPE", "6");
        pb.environment().putAll(spec.env);
        p1 = pb.start();
        // Podman moves P1 into its cgroup, then writes one byte. The writer stays open until P1 is
        // gone, so the byte cannot be lost if the wrapper has not opened the fifo yet.
        startWriter = new RandomAccessFile(startFifo.toFile(), "rw");
        startWriter.write(0);
        if (!p1.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(monitor + ": P1 did not exit within 60 s; argv " + argv);
        }
        int p1Status = p1.exitValue();
        startWriter.close();
        String conmonPidRaw = Files.exists(conmonPidFile) ? Files.readString(conmonPidFile) : null;
        boolean aliveAtP1Exit = parsePid(conmonPidRaw) > 0 && Host.alive(parsePid(conmonPidRaw));
        String p1Out = Files.readString(work.resolve("p1.out"));
        String p1Err = Files.readString(work.resolve("p1.err"));

        String first = nextSyncLine(p1Status == 0 ? 30_000 : 3_000);
        String containerPidRaw = null;
        long containerPpid = -1;
        List<Integer> containerFds = List.of();
        List<String> bundleWhileRunning = List.of();
        Host.Result start = null;
        boolean exitSeen = false;
        long exitMillis = -1;
        byte[] logAtExit = null;
        Matcher m = first == null ? null : SYNC_PID.matcher(first);
        if (m != null && m.matches() && Long.parseLong(m.group(1)) > 0) {
            containerPidRaw = Files.exists(containerPidFile) ? Files.readString(containerPidFile) : null;
            long cpid = parsePid(containerPidRaw == null ? null : containerPidRaw.trim());
            containerPpid = Host.ppid(cpid);
            containerFds = Host.openFds(cpid);
            bundleWhileRunning = listing(bundle);
            start = Host.exec(List.of(runtime.path.toString(), "start", id), 30);
            if (start.status() == 0) {
                spec.afterStart.run(this);
                long t0 = System.nanoTime();
                Path exitFile = exits.resolve(id);
                // Stop early if the monitor dies without writing it (the failure-path tests).
                Host.await(spec.exitWaitMillis, () -> Files.exists(exitFile) || !monitorAlive());
                exitSeen = Files.exists(exitFile);
                exitMillis = (System.nanoTime() - t0) / 1_000_000;
                // Podman reads the log once it sees the exit file: it must be complete by then.
                logAtExit = Files.exists(logFile) ? Files.readAllBytes(logFile) : null;
            }
        }
        // The monitor (and the exit command it waits for) should be gone soon after the exit file.
        boolean monitorGone = Host.await(10_000, () -> !monitorAlive());
        if (monitorGone) {
            Host.await(2_000, () -> syncEof);
        }

        // Does the runtime know the container? (Before cleanup deletes it.)
        Host.Result state = Host.exec(List.of(runtime.path.toString(), "state", id), 30);
        notes.put("runtime-state", state.status() == 0 ? "exists" : "absent");

        Map<String, String> modes = new TreeMap<>();
        modes.put("log", Host.mode(logFile));
        modes.put("exit-file", Host.mode(exits.resolve(id)));
        modes.put("persist-exit", Host.mode(persist.resolve("exit")));
        modes.put("conmon-pidfile", Host.mode(conmonPidFile));
        Path markerFile = work.resolve("marker");
        List<String> syncSnapshot;
        synchronized (syncLines) {
            syncSnapshot = List.copyOf(syncLines);
        }
        String rawSync;
        synchronized (syncRaw) {
            rawSync = syncRaw.toString(StandardCharsets.ISO_8859_1);
        }
        return new Outcome(monitor, runtime, id, work.toString(), List.copyOf(argv),
                p1Status, p1Out, p1Err, conmonPidRaw, aliveAtP1Exit,
                syncSnapshot, rawSync, syncEof,
                containerPidRaw, containerPpid, containerFds, bundleWhileRunning, start,
                exitSeen, exitMillis,
                readOrNull(exits.resolve(id)), readOrNull(persist.resolve("exit")),
                Files.exists(logFile) ? Files.readAllBytes(logFile) : null, logAtExit,
                monitorGone, listing(bundle), readOrNull(markerFile), modes, new TreeMap<>(notes));
    }

    /** True while the monitor named by the -P pidfile (or, before that exists, P1) is alive. */
    boolean monitorAlive() {
        long pid = monitorPid();
        if (pid > 0) {
            return Host.alive(pid);
        }
        return p1 != null && p1.isAlive();
    }

    long monitorPid() {
        try {
            return Files.exists(conmonPidFile) ? parsePid(Files.readString(conmonPidFile)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    long containerPid() {
        try {
            return parsePid(Files.readString(containerPidFile).trim());
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until the log file contains {@code text} (for containers that announce readiness). */
    void awaitLog(String text, long millis) throws InterruptedException {
        boolean ok = Host.await(millis, () -> {
            try {
                return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
        if (!ok) {
            throw new AssertionError(monitor + "/" + runtime + ": log never showed '" + text + "' in " + millis + " ms");
        }
    }

    /** The next line from the sync fifo; null on EOF; fails after {@code millis} without one. */
    String nextSyncLine(long millis) throws InterruptedException {
        Optional<String> line = syncQueue.poll(millis, TimeUnit.MILLISECONDS);
        if (line == null) {
            if (p1 != null && p1.exitValue() != 0) {
                return null; // a failed P1 may leave no monitor and no writer to report EOF through
            }
            throw new AssertionError(monitor + "/" + runtime + ": no answer on the sync pipe within " + millis
                    + " ms; argv " + argv);
        }
        if (line.isEmpty()) {
            syncQueue.add(line); // EOF is sticky
            return null;
        }
        return line.get();
    }

    private void readSync() {
        try (InputStream in = new FileInputStream(syncFifo.toFile())) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (syncRaw) {
                    syncRaw.write(buf, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        syncLines.add(s);
                        syncQueue.add(Optional.of(s));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
            if (line.size() > 0) {
                String s = "<unterminated>" + line.toString(StandardCharsets.UTF_8);
                syncLines.add(s);
                syncQueue.add(Optional.of(s));
            }
        } catch (IOException e) {
            // treated as EOF
        } finally {
            syncEof = true;
            syncQueue.add(Optional.empty());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            Host.exec(List.of(runtime.path.toString(), "delete", "-f", id), 30);
        } catch (IOException e) {
            // nothing to delete
        }
        long pid = monitorPid();
        if (pid > 0 && Host.alive(pid)) {
            Host.exec(List.of("kill", "-KILL", Long.toString(pid)), 10);
        }
        if (p1 != null && p1.isAlive()) {
            p1.destroyForcibly();
            p1.waitFor(10, TimeUnit.SECONDS);
        }
        if (startWriter != null) {
            startWriter.close();
        }
        if (syncReader != null && syncReader.isAlive()) {
            // Unblock a reader still waiting in open(2) for a writer that never came.
            try (RandomAccessFile unblock = new RandomAccessFile(syncFifo.toFile(), "rw")) {
                syncReader.join(100);
            } catch (IOException e) {
                // fifo gone
            }
            syncReader.join(2_000);
        }
        if (!Boolean.getBoolean("it.keep")) {
            Host.deleteTree(work);
        }
    }

    static long parsePid(String s) {
        if (s == null || !s.matches("[1-9]\\d{0,9}")) {
            return -1;
        }
        return Long.parseLong(s);
    }

    private static String readOrNull(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : null;
    }

    /** Names in a directory with their file type ("attach socket", "ctl fifo", ...). */
    static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName() + " " + type(p)).sorted().toList();
        }
    }

    private static String type(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int fmt = ((Integer) mode) & 0170000;
            return switch (fmt) {
                case 0140000 -> "socket";
                case 0010000 -> "fifo";
                case 0040000 -> "dir";
                case 0120000 -> "symlink";
                default -> "file";
            };
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
