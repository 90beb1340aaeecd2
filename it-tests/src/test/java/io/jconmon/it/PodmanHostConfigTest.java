package io.jconmon.it;

import static io.jconmon.it.PodmanHost.IMAGE;
import static io.jconmon.it.PodmanHost.awaitGate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.PodmanHost.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Podman 4.3.1 passes conmon only the flags it knows; a host gives every container more log
 * drivers through jconmon's host config file, named by JCONMON_CONFIG in containers.conf's
 * {@code conmon_env_vars}. Each test proves that jconmon (not Podman's fallback) ran the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanHostConfigTest {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private PodmanHost podman;

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

    /** Runs a gated container in the foreground with {@code env}; proves jconmon serves it. */
    private Host.Result run(Map<String, String> env, String name, String script) throws Exception {
        Job run = podman.start(Monitor.JCONMON, env, PodmanHost.args(List.of("run", "--network", "none", "--name", name),
                podman.gate(name), List.of(IMAGE, "sh", "-c", awaitGate("go") + script)));
        run.closeStdin();
        Diff.Facts f = new Diff.Facts(Monitor.JCONMON);
        podman.proveAndOpen(Monitor.JCONMON, OciRuntime.CRUN, name, f, run);
        Host.Result r = run.await(60);
        assertEquals(Monitor.JCONMON.name(), f.proofs.getFirst()[2], "the monitor that ran " + name);
        return r;
    }

    /**
     * The plugin test: a jar (syslog, to a real rsyslogd over TCP) and a .so (example-file)
     * from the image's plugins.d, both added to a Podman container by the host config file; each
     * driver's output is checked at its receiver, and Podman's own k8s-file log stays complete.
     */
    @Test
    void aJarAndASoDriverFromPluginsDReachTheirReceiversForAPodmanContainer() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jcit-plugins-");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path received = dir.resolve("rsyslog.out");
        Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%1$s")
                module(load="imtcp")
                template(name="fields" type="string" string="%%PRI%% %%APP-NAME%% %%MSGID%%|%%msg%%\n")
                input(type="imtcp" address="127.0.0.1" port="%2$d")
                action(type="omfile" file="%3$s" template="fields")
                """.formatted(dir, port, received));
        Process rsyslogd = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.log").toFile()).start();
        try {
            awaitListening(port, rsyslogd, dir);
            Path soOut = dir.resolve("example-{id}.out");
            Path conf = dir.resolve("jconmon.conf");
            Files.writeString(conf, """
                    log-driver = syslog:
                    log-opt = syslog.address=tcp://127.0.0.1:%d
                    log-opt = syslog.tag=web
                    log-driver = example-file:%s
                    """.formatted(port, soOut));
            Map<String, String> env = podman.envWithConmonEnv(OciRuntime.CRUN, List.of(PATH, "JCONMON_CONFIG=" + conf));
            Host.Result r = run(env, "hostconf-plugins", "for i in 1 2 3; do echo line $i; done; echo problem >&2");
            assertEquals(0, r.status(), r.stderr());
            String id = podman.exec(Monitor.JCONMON, "inspect", "--format", "{{.Id}}", "hostconf-plugins").stdout().strip();

            // syslog (a Java plugin jar): RFC 5424 over TCP, daemon facility, info for stdout, err for stderr.
            List<String> syslog = awaitLines(received, 4);
            assertEquals(List.of("30 web stdout|line 1", "30 web stdout|line 2", "30 web stdout|line 3"),
                    syslog.stream().filter(l -> l.contains("stdout|")).toList());
            assertEquals(List.of("27 web stderr|problem"), syslog.stream().filter(l -> l.contains("stderr|")).toList());

            // example-file (a C .so): "<ts> <stream> <F|P> <len> <content>" per record.
            List<String> so = Files.readAllLines(Path.of(soOut.toString().replace("{id}", id)));
            assertEquals(List.of("stdout F 6 line 1", "stdout F 6 line 2", "stdout F 6 line 3"),
                    so.stream().map(l -> l.substring(l.indexOf(' ') + 1)).filter(l -> l.startsWith("stdout")).toList());
            assertEquals(List.of("stderr F 7 problem"),
                    so.stream().map(l -> l.substring(l.indexOf(' ') + 1)).filter(l -> l.startsWith("stderr")).toList());

            assertEquals("line 1\nline 2\nline 3\nproblem\n",
                    podman.exec(Monitor.JCONMON, "logs", "hostconf-plugins").stdout()
                            + podman.exec(Monitor.JCONMON, "logs", "hostconf-plugins").stderr());
        } finally {
            rsyslogd.destroy();
            rsyslogd.waitFor();
        }
    }

    private static void awaitListening(int port, Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rsyslogd wrote " + lines.size() + " of " + count + " lines: " + lines);
    }

    @Test
    void aHostConfigFileGivesEveryPodmanContainerADockerFormatLogNextToItsK8sFileLog() throws Exception {
        Path conf = podman.dir.resolve("jconmon-json.conf");
        Files.writeString(conf, "log-driver = json-file:{log_dir}/ctr.json\nlog-opt = json-file.max-size=1m\n");
        Map<String, String> env = podman.envWithConmonEnv(OciRuntime.CRUN, List.of(PATH, "JCONMON_CONFIG=" + conf));
        Host.Result r = run(env, "hostconf-json", "echo hello; echo oops >&2");
        assertEquals(0, r.status(), r.stderr());
        String logPath = podman.exec(Monitor.JCONMON, "inspect", "--format", "{{.HostConfig.LogConfig.Path}}", "hostconf-json")
                .stdout().strip();
        Path json = Path.of(logPath).resolveSibling("ctr.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s)(\\{\"log\":\"[^\"]*\\\\n\",\"stream\":\"std(out|err)\",\"time\":\"[^\"]+\"}\\n){2}"), text);
        assertTrue(text.contains("{\"log\":\"hello\\n\",\"stream\":\"stdout\""), text);
        assertTrue(text.contains("{\"log\":\"oops\\n\",\"stream\":\"stderr\""), text);
        // Podman still reads its own k8s-file log.
        Host.Result logs = podman.exec(Monitor.JCONMON, "logs", "hostconf-json");
        assertEquals("hello\n", logs.stdout());
    }
}
