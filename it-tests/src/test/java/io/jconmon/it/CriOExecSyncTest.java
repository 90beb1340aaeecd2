package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The monitor run exactly as CRI-O's ExecSync runs it (conmon-interface.md §2.3, §2.4, §2.9): no
 * fork ({@code --sync}), legacy API (no {@code --api-version}, so the sync key is {@code exit_code}),
 * {@code _OCI_SYNCPIPE} a real pipe, no start pipe, the monitor's own exit status = the process's.
 * C conmon vs jconmon against a container started with {@code RUNTIME run -d}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriOExecSyncTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-sync");
        t.setDaemon(true);
        return t;
    });

    /** One long-running container per runtime, shared by the tests, deleted at the end. */
    private final Map<OciRuntime, Path> containers = new EnumMap<>(OciRuntime.class);
    private final Map<OciRuntime, String> ids = new EnumMap<>(OciRuntime.class);

    private synchronized String container(OciRuntime rt) throws Exception {
        if (!ids.containsKey(rt)) {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "jconmon-it-execsync-");
            String id = "jcit-execsync-" + rt.name().toLowerCase() + "-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(System.nanoTime() & 0xffffff);
            containers.put(rt, dir);
            ids.put(rt, id);
            Host.bundle(dir.resolve("bundle"), "/bin/sleep", "120");
            Host.Result r = Host.exec(List.of(rt.path.toString(), "run", "-d", "--bundle", dir.resolve("bundle").toString(),
                    id), 30);
            assertEquals(0, r.status(), rt + " run -d: " + r);
        }
        return ids.get(rt);
    }

    @AfterAll
    void deleteContainers() throws Exception {
        for (OciRuntime rt : ids.keySet()) {
            Host.exec(List.of(rt.path.toString(), "delete", "-f", ids.get(rt)), 30);
            if (!Boolean.getBoolean("it.keep")) {
                Host.deleteTree(containers.get(rt));
            }
        }
    }

    /** What CRI-O sees of one ExecSync. */
    record ExecResult(Monitor monitor, int status, String sync, byte[] log, String stderr, long millis) {
        String describe() {
            return monitor + ": status=" + status + " sync=" + Compare.show(sync) + " millis=" + millis
                    + "\n  stderr=" + stderr.strip();
        }
    }

    /**
     * Writes a process.json (the bundle's process with {@code args}) and runs {@code monitor} the
     * way CRI-O's ExecSync does; the sync pipe is the Java pipe of the wrapper's stdout, dup'ed to 5.
     */
    private ExecResult execSync(Monitor monitor, OciRuntime rt, int timeout, String... args) throws Exception {
        String id = container(rt);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jconmon-it-exec-" + monitor.tag + "-");
        try {
            Path spec = dir.resolve("process.json");
            List<String> py = new ArrayList<>(List.of("python3", "-c",
                    "import json,sys; c=json.load(open(sys.argv[1])); p=c['process']; p['args']=sys.argv[3:];"
                            + " p['terminal']=False; json.dump(p, open(sys.argv[2],'w'))",
                    containers.get(rt).resolve("bundle/config.json").toString(), spec.toString()));
            py.addAll(List.of(args));
            Host.run(py);
            Path log = dir.resolve("exec.log");
            List<String> argv = new ArrayList<>(List.of("-c", id, "-n", "name-" + id, "-r", rt.path.toString(),
                    "-p", dir.resolve("exec.pid").toString(), "-e"));
            if (timeout > 0) {
                argv.addAll(List.of("-T", Integer.toString(timeout)));
            }
            argv.addAll(List.of("-l", log.toString(), "--socket-dir-path", dir.resolve("sockets").toString(),
                    "--log-level", "debug", "--sync", "--log-global-size-max", "16777216",
                    "--exec-process-spec", spec.toString()));
            List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec 5>&1 1>exec.out; exec \"$@\"", "bash",
                    monitor.path.toString()));
            cmd.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(dir.resolve("exec.err").toFile());
            pb.environment().put("_OCI_SYNCPIPE", "5");
            pb.environment().remove("_OCI_STARTPIPE");
            long t0 = System.nanoTime();
            Process p = pb.start();
            ByteArrayOutputStream sync = new ByteArrayOutputStream();
            Future<?> reader = POOL.submit(() -> {
                try (InputStream in = p.getInputStream()) {
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (sync) {
                            sync.write(buf, 0, n);
                        }
                    }
                }
                return null;
            });
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(monitor + ": exec-sync monitor did not exit within 30 s; argv " + argv);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            try {
                // A process that inherited the pipe (it must not) would hold it open: do not wait for it.
                reader.get(3, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // the bytes written so far are what CRI-O would have decoded after the exit
            }
            String syncText;
            synchronized (sync) {
                syncText = sync.toString(StandardCharsets.ISO_8859_1);
            }
            return new ExecResult(monitor, p.exitValue(), syncText,
                    Files.exists(log) ? Files.readAllBytes(log) : null,
                    Files.readString(dir.resolve("exec.err")) + Files.readString(dir.resolve("exec.out")), millis);
        } finally {
            if (!Boolean.getBoolean("it.keep")) {
                Host.deleteTree(dir);
            }
        }
    }

    private ExecResult[] both(OciRuntime rt, int timeout, String... args) throws Exception {
        container(rt);
        Future<ExecResult> c = POOL.submit(() -> execSync(Monitor.C_CONMON, rt, timeout, args));
        Future<ExecResult> j = POOL.submit(() -> execSync(Monitor.JCONMON, rt, timeout, args));
        return new ExecResult[] {c.get(60, TimeUnit.SECONDS), j.get(60, TimeUnit.SECONDS)};
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void execSyncExitsWithTheProcessStatusAndSendsOnlyExitCodeOnTheSyncPipe(OciRuntime rt) throws Exception {
        ExecResult[] r = both(rt, 0, "/bin/sh", "-c", "echo out; echo err >&2; exit 42");
        List<List<String>> records = new ArrayList<>();
        for (ExecResult e : r) {
            assertEquals(42, e.status(), e.describe() + "\nthe --sync monitor's exit status is the process's (§2.3)");
            assertEquals("{\"exit_code\": 42}\n", e.sync(), e.describe() + "\nlegacy exec sync pipe (§2.9)");
            assertTrue(e.log() != null, e.describe() + "\nno log file");
            K8sLog log = K8sLog.parse(e.monitor().name(), e.log());
            assertEquals(List.of("stdout F out"), log.normalized("stdout"), e.describe() + "\nstdout records");
            assertEquals(List.of("stderr F err"), log.normalized("stderr"), e.describe() + "\nstderr records");
            records.add(log.normalized("stdout"));
            records.add(log.normalized("stderr"));
        }
        assertEquals(records.subList(0, 2), records.subList(2, 4), "log records, C vs jconmon");
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void execSyncTimeoutExits255AndReportsCommandTimedOut(OciRuntime rt) throws Exception {
        ExecResult[] r = both(rt, 1, "/bin/sleep", "10");
        for (ExecResult e : r) {
            assertEquals(255, e.status(), e.describe() + "\n-T timeout: main returns -1 (§2.3)");
            assertEquals("{\"exit_code\": -1, \"message\": \"command timed out\"}\n", e.sync(),
                    e.describe() + "\ntimeout sync message (§2.9)");
            assertTrue(e.millis() < 8_000, e.describe() + "\nthe monitor must not wait for the 10 s sleep");
        }
    }

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void execSyncOfAMissingBinaryEndsLikeCConmon(OciRuntime rt) throws Exception {
        ExecResult[] r = both(rt, 0, "/nonexistent-binary");
        String who = r[0].describe() + "\n" + r[1].describe();
        assertEquals(r[0].status(), r[1].status(), who + "\nexit status, C vs jconmon");
        assertEquals(norm(r[0].sync()), norm(r[1].sync()), who + "\nsync bytes, C vs jconmon");
    }

    /** runc stamps its messages with the time; conmon 2.2.x escapes '/' where 2.1.6 did not. */
    private static String norm(String sync) {
        return sync.replaceAll("time=\\\\?\"[^\"\\\\]*\\\\?\"", "time={T}").replace("\\/", "/");
    }
}
