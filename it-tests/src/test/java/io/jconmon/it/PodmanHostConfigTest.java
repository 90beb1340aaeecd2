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
