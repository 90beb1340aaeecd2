package io.jconmon.core.cli;

import static io.jconmon.core.cli.CliTestSupport.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.config.LogLevel;
import io.jconmon.core.config.LogTarget;
import io.jconmon.core.config.MonitorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Full parses of the argv the engines really build: Podman 4.3.1 captures from podman-invocations.md
 * (verbatim, ids replaced) and CRI-O's argv from conmon-interface.md §1.4.
 */
class EngineArgvTest {
    private static final String CID = "9d1c0e5f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
    private static final String EXECID = "41b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String USERDATA = "/var/lib/containers/storage/overlay-containers/" + CID + "/userdata";
    private static final String RUNDATA = "/run/containers/storage/overlay-containers/" + CID + "/userdata";
    private static final Map<String, String> IDS = Map.of(
            "$EXECID", EXECID, "$CID", CID, "$RAND", "1234567", "<a temp path>", "/tmp/tag.log");

    /** Podman's exit command arguments for run --rm, in order (the tail shared by the run captures). */
    private static final List<String> RUN_RM_EXIT_ARGS = List.of(
            "--root", "/var/lib/containers/storage", "--runroot", "/run/containers/storage", "--log-level", "warning",
            "--cgroup-manager", "cgroupfs", "--tmpdir", "/run/libpod", "--network-config-dir", "",
            "--network-backend", "netavark", "--volumepath", "/var/lib/containers/storage/volumes", "--runtime", "crun",
            "--events-backend", "file", "container", "cleanup", "--rm", CID);

    private static CliResult.Run podman(String shellArgv) throws CliException {
        FakeEnvironment env = FakeEnvironment.standard().withCwd(USERDATA);
        return assertInstanceOf(CliResult.Run.class, cli().parse(ShellWords.argv(shellArgv, IDS), env));
    }

    private static final String RUN_D = """
            conmon --api-version 1
              -c $CID
              -u $CID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata
              -p /run/containers/storage/overlay-containers/$CID/userdata/pidfile
              -n cap-d
              --exit-dir /run/libpod/exits
              --full-attach
              -l k8s-file:/var/lib/containers/storage/overlay-containers/$CID/userdata/ctr.log
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/run/containers/storage/overlay-containers/$CID/userdata/oci-log
              --conmon-pidfile /run/containers/storage/overlay-containers/$CID/userdata/conmon.pid
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg $CID
            """;

    private static final String EXEC = """
            conmon --api-version 1
              -c $CID
              -u $EXECID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata/$EXECID
              -p /var/lib/containers/storage/overlay-containers/$CID/userdata/$EXECID/exec_pid
              -n cap-d
              --exit-dir /var/lib/containers/storage/overlay-containers/$CID/userdata/$EXECID/exit
              --full-attach
              -l none
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/var/lib/containers/storage/overlay-containers/$CID/userdata/$EXECID/oci-log
              -e
              --exec-attach
              --exec-process-spec /var/lib/containers/storage/overlay-containers/$CID/userdata/$EXECID/exec-process-$RAND
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg
              --exec
              --exit-command-arg $EXECID
              --exit-command-arg $CID
            """;

    private static final String RUN_IT = """
            conmon --api-version 1
              -c $CID
              -u $CID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata
              -p /run/containers/storage/overlay-containers/$CID/userdata/pidfile
              -n priceless_jepsen
              --exit-dir /run/libpod/exits
              --full-attach
              -l k8s-file:/var/lib/containers/storage/overlay-containers/$CID/userdata/ctr.log
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/run/containers/storage/overlay-containers/$CID/userdata/oci-log
              -t
              --conmon-pidfile /run/containers/storage/overlay-containers/$CID/userdata/conmon.pid
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg
              --rm
              --exit-command-arg $CID
            """;

    private static final String RUN_TIMEOUT = """
            conmon --api-version 1
              -c $CID
              -u $CID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata
              -p /run/containers/storage/overlay-containers/$CID/userdata/pidfile
              -n funny_kowalevski
              --exit-dir /run/libpod/exits
              --full-attach
              -l k8s-file:/var/lib/containers/storage/overlay-containers/$CID/userdata/ctr.log
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/run/containers/storage/overlay-containers/$CID/userdata/oci-log
              --timeout=2
              --conmon-pidfile /run/containers/storage/overlay-containers/$CID/userdata/conmon.pid
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg
              --rm
              --exit-command-arg $CID
            """;

    private static final String LOG_PATH_TAG = """
            conmon --api-version 1
              -c $CID
              -u $CID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata
              -p /run/containers/storage/overlay-containers/$CID/userdata/pidfile
              -n jovial_mccarthy
              --exit-dir /run/libpod/exits
              --full-attach
              -l k8s-file:<a temp path>
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/run/containers/storage/overlay-containers/$CID/userdata/oci-log
              --log-tag mytag
              --conmon-pidfile /run/containers/storage/overlay-containers/$CID/userdata/conmon.pid
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg
              --rm
              --exit-command-arg $CID
            """;

    private static final String LOG_JOURNALD_TAG = """
            conmon --api-version 1
              -c $CID
              -u $CID
              -r /usr/bin/crun
              -b /var/lib/containers/storage/overlay-containers/$CID/userdata
              -p /run/containers/storage/overlay-containers/$CID/userdata/pidfile
              -n cap-jd
              --exit-dir /run/libpod/exits
              --full-attach
              -l journald
              --log-level warning
              --runtime-arg
              --log-format=json
              --runtime-arg
              --log
              --runtime-arg=/run/containers/storage/overlay-containers/$CID/userdata/oci-log
              --log-tag mytag
              --conmon-pidfile /run/containers/storage/overlay-containers/$CID/userdata/conmon.pid
              --exit-command /usr/bin/podman
              --exit-command-arg
              --root
              --exit-command-arg /var/lib/containers/storage
              --exit-command-arg
              --runroot
              --exit-command-arg /run/containers/storage
              --exit-command-arg
              --log-level
              --exit-command-arg warning
              --exit-command-arg
              --cgroup-manager
              --exit-command-arg cgroupfs
              --exit-command-arg
              --tmpdir
              --exit-command-arg /run/libpod
              --exit-command-arg
              --network-config-dir
              --exit-command-arg ''
              --exit-command-arg
              --network-backend
              --exit-command-arg netavark
              --exit-command-arg
              --volumepath
              --exit-command-arg /var/lib/containers/storage/volumes
              --exit-command-arg
              --runtime
              --exit-command-arg crun
              --exit-command-arg
              --events-backend
              --exit-command-arg file
              --exit-command-arg container
              --exit-command-arg cleanup
              --exit-command-arg $CID
            """;

    @Test
    void podmanRunDetachedParses() throws Exception {
        CliResult.Run r = podman(RUN_D);
        MonitorConfig c = r.config();
        assertEquals(1, c.apiVersion());
        assertEquals(CID, c.cid());
        assertEquals(CID, c.cuuid());
        assertEquals(Path.of("/usr/bin/crun"), c.runtime());
        assertEquals(Path.of(USERDATA), c.bundle());
        assertEquals(Path.of(RUNDATA + "/pidfile"), c.containerPidFile());
        assertEquals("cap-d", c.name());
        assertEquals(Path.of("/run/libpod/exits"), c.exitDir());
        assertTrue(c.fullAttach());
        assertEquals(List.of(new LogTarget(LogTarget.K8S_FILE, USERDATA + "/ctr.log")), c.logTargets());
        assertEquals(LogLevel.WARN, c.logLevel());
        assertEquals(List.of("--log-format=json", "--log", RUNDATA + "/oci-log"), c.runtimeArgs());
        assertEquals(Path.of(RUNDATA + "/conmon.pid"), c.conmonPidFile());
        assertEquals(Path.of("/usr/bin/podman"), c.exitCommand());
        assertEquals(List.of(
                "--root", "/var/lib/containers/storage", "--runroot", "/run/containers/storage", "--log-level",
                "warning", "--cgroup-manager", "cgroupfs", "--tmpdir", "/run/libpod", "--network-config-dir", "",
                "--network-backend", "netavark", "--volumepath", "/var/lib/containers/storage/volumes", "--runtime",
                "crun", "--events-backend", "file", "container", "cleanup", CID), c.exitCommandArgs());
        assertFalse(c.exec() || c.terminal() || c.stdin());
        assertEquals(0, c.timeoutSeconds());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void podmanExecParses() throws Exception {
        MonitorConfig c = podman(EXEC).config();
        String session = USERDATA + "/" + EXECID;
        assertTrue(c.exec());
        assertTrue(c.execAttach());
        assertEquals(1, c.apiVersion());
        assertEquals(EXECID, c.cuuid());
        assertEquals(Path.of(session), c.bundle());
        assertEquals(Path.of(session + "/exec_pid"), c.containerPidFile());
        assertEquals(Path.of(session + "/exit"), c.exitDir());
        assertEquals(Path.of(session + "/exec-process-1234567"), c.execProcessSpec());
        assertEquals(List.of(new LogTarget(LogTarget.NONE, null)), c.logTargets());
        assertEquals(List.of("--log-format=json", "--log", session + "/oci-log"), c.runtimeArgs());
        List<String> exitArgs = c.exitCommandArgs();
        assertEquals(List.of("container", "cleanup", "--exec", EXECID, CID), exitArgs.subList(exitArgs.size() - 5,
                exitArgs.size()));
        assertEquals("", exitArgs.get(exitArgs.indexOf("--network-config-dir") + 1));
    }

    @Test
    void podmanRunInteractiveTerminalParses() throws Exception {
        MonitorConfig c = podman(RUN_IT).config();
        assertTrue(c.terminal());
        assertFalse(c.stdin());
        assertEquals("priceless_jepsen", c.name());
        assertEquals(RUN_RM_EXIT_ARGS, c.exitCommandArgs());
    }

    @Test
    void podmanRunWithTimeoutInEqualsFormParses() throws Exception {
        MonitorConfig c = podman(RUN_TIMEOUT).config();
        assertEquals(2, c.timeoutSeconds());
        assertFalse(c.terminal());
        assertEquals(RUN_RM_EXIT_ARGS, c.exitCommandArgs());
    }

    @Test
    void podmanLogTagWithK8sFileParsesButIsRefusedLikeCConmon() {
        // host-setup.md: C conmon 2.1.6 exits 1 with this message for exactly this argv.
        CliException e = assertThrows(CliException.class, () -> cli().parse(ShellWords.argv(LOG_PATH_TAG, IDS),
                FakeEnvironment.standard()));
        assertEquals("[conmon:e]: k8s-file doesn't support --log-tag", e.getMessage());
    }

    @Test
    void podmanJournaldWithTagParses() throws Exception {
        MonitorConfig c = podman(LOG_JOURNALD_TAG).config();
        assertEquals(List.of(new LogTarget(LogTarget.JOURNALD, null)), c.logTargets());
        assertEquals("mytag", c.logTag());
    }

    @Test
    void crioExecSyncParses() throws Exception {
        String[] argv = {"-c", CID, "-n", "k8s_app_pod_ns_uid_0", "-r", "/usr/bin/runc", "-p", "/tmp/exec-pid-123",
            "-e", "-l", "/tmp/exec-log-123", "--socket-dir-path", "/var/run/crio", "--log-level", "info", "--sync",
            "--log-global-size-max", "16777216", "-t", "-T", "5", "-s", "--exec-process-spec",
            "/tmp/exec-process-123", "--runtime-arg", "--root=/run/runc"};
        FakeEnvironment env = FakeEnvironment.standard().withCwd("/");
        MonitorConfig c = assertInstanceOf(CliResult.Run.class, cli().parse(argv, env)).config();
        assertTrue(c.exec() && c.sync() && c.terminal() && c.systemdCgroup());
        assertEquals(0, c.apiVersion());
        assertEquals("exit_code", c.syncPipeKey());
        assertNull(c.cuuid());
        assertNull(c.bundle());
        assertEquals(Path.of("/tmp/exec-pid-123"), c.containerPidFile());
        assertEquals(List.of(new LogTarget(LogTarget.K8S_FILE, "/tmp/exec-log-123")), c.logTargets());
        assertEquals(16777216L, c.logGlobalSizeMax());
        assertEquals(-1L, c.logSizeMax());
        assertEquals(5, c.timeoutSeconds());
        assertEquals(LogLevel.INFO, c.logLevel());
        assertEquals(List.of("--root=/run/runc"), c.runtimeArgs());
        assertEquals(Path.of("/tmp/exec-process-123"), c.execProcessSpec());
    }

    @Test
    void crioCreateWithJournaldParses() throws Exception {
        String bundle = "/run/containers/storage/overlay-containers/" + CID + "/userdata";
        String[] argv = {"-b", bundle, "-c", CID, "--exit-dir", "/var/run/crio/exits", "-l",
            "/var/log/pods/ns_pod_uid/app/0.log", "--log-level", "info", "-n", "k8s_app", "-P",
            bundle + "/conmon-pidfile", "-p", bundle + "/pidfile", "--persist-dir", "/var/lib/ctr", "-r",
            "/usr/bin/crun", "--runtime-arg", "--root=/run/crun", "--socket-dir-path", "/var/run/crio", "--syslog",
            "-u", CID, "-s", "--log-size-max", "1048576", "--no-sync-log", "--log-path", "journald:", "--no-pivot",
            "--leave-stdin-open", "-i"};
        MonitorConfig c = assertInstanceOf(CliResult.Run.class, cli().parse(argv, FakeEnvironment.standard().withCwd(bundle)))
                .config();
        assertEquals(List.of(new LogTarget(LogTarget.K8S_FILE, "/var/log/pods/ns_pod_uid/app/0.log"),
                new LogTarget(LogTarget.JOURNALD, null)), c.logTargets());
        assertEquals("pid", c.syncPipeKey());
        assertEquals(1048576L, c.logSizeMax());
        assertTrue(c.syslog() && c.noSyncLog() && c.noPivot() && c.leaveStdinOpen() && c.stdin());
        assertEquals(Path.of("/var/lib/ctr"), c.persistDir());
    }
}
