package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Podman probes {@code conmon --version} and silently falls back to /usr/bin/conmon if it does not
 * like the answer (host-setup.md "Pointing Podman at another conmon"): prove it keeps jconmon.
 */
class PodmanAcceptsJconmonTest {

    @Test
    void podmanInfoReportsJconmonAsItsConmon() throws Exception {
        // Short: Podman rejects a --runroot longer than 50 characters.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jcp");
        try {
            // host-setup.md "A working test containers.conf"; storage and state stay under dir.
            Path conf = dir.resolve("containers.conf");
            Files.writeString(conf, """
                    [containers]
                    default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
                    log_driver = "k8s-file"
                    [engine]
                    cgroup_manager = "cgroupfs"
                    events_logger = "file"
                    runtime = "crun"
                    """);
            assertTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "podman is not installed (scripts/setup-host.sh)");
            Host.Result r = Host.exec(List.of("podman", "--root", dir.resolve("root").toString(),
                    "--runroot", dir.resolve("rr").toString(), "--tmpdir", dir.resolve("tmp").toString(),
                    "--conmon", Host.JCONMON.toString(), "info", "--format", "{{.Host.Conmon.Path}}"), 60,
                    Map.of("CONTAINERS_CONF", conf.toString()));
            assertEquals(0, r.status(), "podman info failed: " + r.stderr());
            assertEquals(Host.JCONMON.toString(), r.stdout().strip(),
                    "Podman did not keep jconmon (it falls back when --version does not satisfy it); stderr: " + r.stderr());
            assertFalse(r.stderr().contains("invalid"), "Podman complained about the conmon: " + r.stderr());
        } finally {
            Host.deleteTree(dir);
        }
    }
}
