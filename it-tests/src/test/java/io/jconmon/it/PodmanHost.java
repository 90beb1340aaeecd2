package io.jconmon.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Podman installation for one test class: its own {@code --root}, {@code --runroot}
 * (short: Podman rejects runroots longer than 50 characters) and {@code --tmpdir} under one temp
 * dir, a containers.conf per OCI runtime (host-setup.md quirk 2), and {@value #IMAGE} imported from
 * the host's busybox (no registry). Every command is bounded by a timeout; {@link #close()} removes
 * the containers, unmounts what Podman left mounted and deletes the dir.
 */
final class PodmanHost implements AutoCloseable {
    static final String PODMAN = "/usr/bin/podman";
    static final String IMAGE = "localhost/busybox";
    /** jconmon's image directory: a jconmon monitor's executable (the JVM) lives under it. */
    static final Path JCONMON_IMAGE = Host.JCONMON.toAbsolutePath().normalize().getParent().getParent();
    /** Default deadline of one podman call, seconds. */
    static final int TIMEOUT = 60;

    final Path dir;
    private final Path root;
    private final Path runroot;
    private final Path tmpdir;
    private final Map<OciRuntime, Path> confs = new EnumMap<>(OciRuntime.class);

    private PodmanHost(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.runroot = dir.resolve("rr");
        this.tmpdir = dir.resolve("tmp");
    }

    /** Creates the storage dir, the containers.conf files and the busybox image. */
    static PodmanHost create() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PODMAN))) {
            throw new IllegalStateException("podman is not installed (run scripts/setup-host.sh)");
        }
        if (!Files.isExecutable(Host.JCONMON)) {
            throw new IllegalStateException("no jconmon image at " + Host.JCONMON + " (build it: scripts/mvn.sh -o -DskipTests package -pl dist -am)");
        }
        PodmanHost h = new PodmanHost(Files.createTempDirectory(Path.of("/tmp"), "jpd"));
        try {
            h.setUp();
            return h;
        } catch (IOException | InterruptedException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private void setUp() throws IOException, InterruptedException {
        if (runroot.toString().length() > 50) {
            throw new IllegalStateException("runroot too long for Podman: " + runroot);
        }
        for (OciRuntime rt : OciRuntime.values()) {
            // host-setup.md "A working test containers.conf", one per runtime.
            Path conf = dir.resolve("containers-" + rt.name().toLowerCase() + ".conf");
            Files.writeString(conf, """
                    [containers]
                    default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
                    log_driver = "k8s-file"
                    [engine]
                    cgroup_manager = "cgroupfs"
                    events_logger = "file"
                    runtime = "%s"
                    """.formatted(rt.name().toLowerCase()));
            confs.put(rt, conf);
        }
        // The image's rootfs is the same busybox tree the bundle tests use (scripts/make-bundle.sh).
        Path bundle = Host.bundle(dir.resolve("bundle"), "true");
        Path tar = dir.resolve("busybox.tar");
        Host.run(List.of("tar", "-C", bundle.resolve("rootfs").toString(), "-cf", tar.toString(), "."));
        Host.Result r = exec(Monitor.C_CONMON, OciRuntime.CRUN, List.of("import", "--change", "CMD [\"/bin/sh\"]",
                "--change", "ENV PATH=/bin", tar.toString(), IMAGE), 120);
        if (r.status() != 0) {
            throw new IOException("podman import failed: " + r.stderr());
        }
        Host.deleteTree(bundle);
        Files.delete(tar);
        Files.createDirectories(dir.resolve("gates"));
    }

    /** The podman argv: private storage, the monitor under test, then {@code args}. */
    List<String> argv(Monitor m, List<String> args) {
        List<String> a = new ArrayList<>(List.of(PODMAN, "--root", root.toString(), "--runroot", runroot.toString(),
                "--tmpdir", tmpdir.toString(), "--conmon", m.path.toString()));
        a.addAll(args);
        return a;
    }

    /** The environment of a podman call: the containers.conf selecting {@code rt}. */
    Map<String, String> env(OciRuntime rt) {
        return Map.of("CONTAINERS_CONF", confs.get(rt).toString());
    }

    /**
     * The environment of a podman call whose containers.conf also passes {@code vars} to the monitor
     * ({@code conmon_env_vars}: how a Podman host gives jconmon its JCONMON_CONFIG).
     */
    Map<String, String> envWithConmonEnv(OciRuntime rt, List<String> vars) throws IOException {
        String base = Files.readString(confs.get(rt));
        String list = String.join(", ", vars.stream().map(v -> "\"" + v + "\"").toList());
        Path conf = dir.resolve("containers-" + rt.name().toLowerCase() + "-" + Integer.toHexString(list.hashCode()) + ".conf");
        Files.writeString(conf, base.replace("[engine]\n", "[engine]\nconmon_env_vars = [" + list + "]\n"));
        return Map.of("CONTAINERS_CONF", conf.toString());
    }

    /** Starts {@code podman --conmon <m> args...} with the environment {@code env}; stdin is a pipe. */
    Job start(Monitor m, Map<String, String> env, List<String> args) throws IOException {
        return Job.start(argv(m, args), env, ProcessBuilder.Redirect.PIPE, dir);
    }

    /** Runs {@code podman --conmon <m> args...} under crun with stdin from /dev/null. */
    Host.Result exec(Monitor m, String... args) throws IOException, InterruptedException {
        return exec(m, OciRuntime.CRUN, List.of(args), TIMEOUT);
    }

    Host.Result exec(Monitor m, OciRuntime rt, List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        return Job.start(argv(m, args), env(rt), null, dir).await(timeoutSeconds);
    }

    /** Starts {@code podman --conmon <m> args...} without waiting; stdin is a pipe the test writes. */
    Job start(Monitor m, OciRuntime rt, List<String> args) throws IOException {
        return Job.start(argv(m, args), env(rt), ProcessBuilder.Redirect.PIPE, dir);
    }

    /**
     * Starts podman under {@code script(1)}, so it has a terminal of {@code rows}x{@code cols}
     * (podman -t needs one). The test writes the terminal's input through {@link Job#write}.
     */
    Job startInTerminal(Monitor m, OciRuntime rt, int rows, int cols, List<String> args) throws IOException {
        String cmd = "stty rows " + rows + " cols " + cols + "; exec " + shellJoin(argv(m, args));
        return Job.start(List.of("script", "-eqc", cmd, "/dev/null"), env(rt), ProcessBuilder.Redirect.PIPE, dir);
    }

    /** Starts podman with {@code file} open for reading as fd {@code fd} (e.g. for --preserve-fds). */
    Job startWithFd(Monitor m, OciRuntime rt, int fd, Path file, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + fd + "<\"$0\"", file.toString()));
        cmd.addAll(argv(m, args));
        return Job.start(cmd, env(rt), null, dir);
    }

    /** A fresh host dir that a container mounts at /gate: it blocks until {@link #open} creates go. */
    List<String> gate(String name) throws IOException {
        Path g = dir.resolve("gates").resolve(name);
        Host.deleteTree(g);
        Files.createDirectories(g);
        return List.of("-v", g + ":/gate");
    }

    /** Shell text that waits for the gate's {@code go} file (busybox has usleep). */
    static String awaitGate(String file) {
        return "until [ -e /gate/" + file + " ]; do usleep 10000; done; ";
    }

    void open(String name, String file) throws IOException {
        Files.createFile(dir.resolve("gates").resolve(name).resolve(file));
    }

    /**
     * Waits until the container runs and returns Podman's {@code State.ConmonPid} for it; throws if
     * it does not run within 30 s.
     */
    long conmonPid(Monitor m, OciRuntime rt, String name) throws IOException, InterruptedException {
        return conmonPid(m, rt, name, null);
    }

    /** {@link #conmonPid(Monitor, OciRuntime, String)}, giving up early if {@code starter} (the podman run) has exited. */
    long conmonPid(Monitor m, OciRuntime rt, String name, Job starter) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (starter != null && !starter.process.isAlive()) {
                throw new IOException("container " + name + " never ran: podman exited " + starter.process.exitValue()
                        + ", stderr " + Diff.show(starter.stderrSoFar()));
            }
            Host.Result r = exec(m, rt, List.of("inspect", "--format", "{{.State.Running}} {{.State.ConmonPid}}", name), TIMEOUT);
            last = r.stdout().strip() + r.stderr().strip();
            String[] f = last.split(" ");
            if (r.status() == 0 && f.length == 2 && f[0].equals("true") && !f[1].equals("0")) {
                return Long.parseLong(f[1]);
            }
            Thread.sleep(30);
        }
        throw new IOException("container " + name + " did not run within 30 s; last inspect: " + last);
    }

    /**
     * Which monitor a live pid is: {@code C_CONMON} if its executable is /usr/bin/conmon,
     * {@code JCONMON} if it is the JVM of the jconmon image running {@code io.jconmon.core.Main},
     * otherwise a description of what it is.
     */
    static String whoIs(long pid) {
        String exe;
        String cmdline;
        try {
            exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
            cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
        } catch (IOException e) {
            return "pid " + pid + " is gone (" + e + ")";
        }
        if (cmdline.isEmpty()) {
            // Only an exiting process (a zombie) has no command line: an exec session that ended
            // between the scan and this read.
            return "pid " + pid + " is gone (exiting)";
        }
        if (exe.equals(Host.C_CONMON.toString())) {
            return Monitor.C_CONMON.name();
        }
        if (exe.startsWith(JCONMON_IMAGE.toString() + "/") && cmdline.contains(" io.jconmon.core.Main ")) {
            return Monitor.JCONMON.name();
        }
        return "neither monitor: pid " + pid + " exe=" + exe + " cmdline="
                + (cmdline.length() > 300 ? cmdline.substring(0, 300) + "..." : cmdline);
    }

    /** Which monitor serves the container {@code name} (waits until it runs). */
    String monitorOf(Monitor m, OciRuntime rt, String name) throws IOException, InterruptedException {
        return whoIs(conmonPid(m, rt, name));
    }

    /**
     * Proves which monitor serves a gated container that {@code run} started, then lets it go on
     * (also when the proof fails: the facts after it still show what the user sees).
     */
    void proveAndOpen(Monitor m, OciRuntime rt, String name, Diff.Facts f, Job run) throws Exception {
        try {
            f.prove("monitor of container " + name, monitorOf(m, rt, name, run));
        } catch (IOException e) {
            f.prove("monitor of container " + name, "not proven: " + e.getMessage());
        } finally {
            open(name, "go");
        }
    }

    /** The concatenation of argument lists. */
    @SafeVarargs
    static List<String> args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** {@link #monitorOf(Monitor, OciRuntime, String)} of a container that {@code starter} runs in the foreground. */
    String monitorOf(Monitor m, OciRuntime rt, String name, Job starter) throws IOException, InterruptedException {
        return whoIs(conmonPid(m, rt, name, starter));
    }

    /**
     * Which monitor(s) serve a running exec session of container {@code cid}: the processes whose
     * command line has {@code --exec-process-spec} and the container id (Podman passes both to the
     * exec monitor, podman-invocations.md exec--2). Waits up to 30 s for one to appear.
     */
    static String execMonitorOf(String cid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            TreeSet<String> who = new TreeSet<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String cmd;
                    try {
                        cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    } catch (IOException e) {
                        continue;
                    }
                    if (cmd.contains("--exec-process-spec") && cmd.contains(" -c " + cid + " ")
                            && !cmd.startsWith("strace") && !isJconmonLauncher(p)) {
                        who.add(whoIs(Long.parseLong(p.getFileName().toString())));
                    }
                }
            } catch (IOException e) {
                return "cannot list /proc: " + e;
            }
            who.removeIf(w -> w.startsWith("pid ")); // exited between listing and reading
            if (!who.isEmpty()) {
                return String.join(",", who);
            }
            Thread.sleep(20);
        }
        return "no exec monitor of " + cid + " found within 30 s";
    }

    /**
     * jconmon's first process (the C launcher, conmon's P1) and its child until it execs the JVM:
     * transitional, not the monitor; skipped so the scan waits for the monitor proper.
     */
    private static boolean isJconmonLauncher(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("exe")).equals(Host.JCONMON.toAbsolutePath().normalize());
        } catch (IOException e) {
            return true; // gone: skip
        }
    }

    /** What {@code podman --conmon <m> info} reports as its conmon (it silently falls back on a bad --version). */
    String infoConmonPath(Monitor m) throws IOException, InterruptedException {
        Host.Result r = exec(m, "info", "--format", "{{.Host.Conmon.Path}}");
        return r.status() == 0 ? r.stdout().strip() : "podman info failed: " + r.stderr();
    }

    /** Quotes a word for sh. */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    static String shellJoin(List<String> words) {
        return String.join(" ", words.stream().map(PodmanHost::shellQuote).toList());
    }

    @Override
    public void close() {
        try {
            Job.start(argv(Monitor.C_CONMON, List.of("rm", "-a", "-f", "-t", "0")), env(OciRuntime.CRUN), null, dir).await(120);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // best effort: the unmounts below still run
        }
        // Podman leaves its storage (overlay) and shm mounts behind: unmount deepest first.
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(l -> l.split(" ")[1].replace("\\040", " "))
                    .filter(p -> p.startsWith(dir.toString() + "/"))
                    .sorted(Comparator.comparingInt(String::length).reversed()).toList();
            for (String mp : mounts) {
                Job.start(List.of("umount", "-l", mp), null, null, null).await(30);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // best effort
        }
        Host.deleteTree(dir);
    }

    /** A process with stdout and stderr captured through files and, optionally, a stdin pipe. */
    static final class Job {
        final List<String> command;
        final Process process;
        private final Path out;
        private final Path err;
        private final OutputStream stdin;

        private Job(List<String> command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.stdin = process.getOutputStream();
        }

        /**
         * {@code stdin}: null for /dev/null, else a redirect (PIPE: the test writes it); {@code cwd}:
         * the working directory, null to inherit (C conmon 2.1.6 writes its {@code oom} file there).
         */
        static Job start(List<String> command, Map<String, String> env, ProcessBuilder.Redirect stdin, Path cwd) throws IOException {
            Path out = Files.createTempFile("it-podman-out", ".txt");
            Path err = Files.createTempFile("it-podman-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : stdin);
            if (env != null) {
                pb.environment().putAll(env);
            }
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            return new Job(command, pb.start(), out, err);
        }

        /** What the process has written to stdout so far. */
        String stdoutSoFar() {
            try {
                return read(out);
            } catch (IOException e) {
                return "";
            }
        }

        String stderrSoFar() {
            try {
                return read(err);
            } catch (IOException e) {
                return "";
            }
        }

        /** Writes to the process's stdin (ignored if it has gone). */
        Job write(String s) {
            try {
                stdin.write(s.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                // the process exited; its outcome tells
            }
            return this;
        }

        Job closeStdin() {
            try {
                stdin.close();
            } catch (IOException e) {
                // gone
            }
            return this;
        }

        /**
         * Waits for the process; on timeout SIGKILLs it and its descendants (a daemonized monitor is
         * not one) and throws with what it printed so far.
         */
        Host.Result await(int timeoutSeconds) throws IOException, InterruptedException {
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IOException(command + " did not finish in " + timeoutSeconds + " s; stdout so far: "
                            + Diff.show(Files.readString(out)) + " stderr so far: " + Diff.show(Files.readString(err)));
                }
                closeStdin();
                return new Host.Result(process.exitValue(), read(out), read(err));
            } finally {
                if (!process.isAlive()) {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            }
        }

        private static String read(Path p) throws IOException {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        }
    }
}
