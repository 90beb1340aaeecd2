package io.jconmon.core.cli;

import static io.jconmon.core.cli.CliTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jconmon.core.config.MonitorConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults of §1.2/§1.3 when options are absent, and each option landing in its MonitorConfig field. */
class ConmonCliDefaultsTest {

    @Test
    void absentOptionsTakeConmonsDefaults() throws Exception {
        CliResult.Run r = run(create());
        MonitorConfig c = r.config();
        assertEquals(Path.of("/work/dir"), c.bundle());
        assertEquals(Path.of("/work/dir/pidfile-" + CID), c.containerPidFile());
        assertEquals(Path.of("/var/run/crio"), c.socketDirPath());
        assertEquals(-1, c.logSizeMax());
        assertEquals(-1, c.logGlobalSizeMax());
        assertEquals(1, c.logMaxFiles());
        assertEquals(0, c.apiVersion());
        assertEquals(0, c.timeoutSeconds());
        assertEquals(0, c.exitDelaySeconds());
        assertNull(c.name());
        assertNull(c.conmonPidFile());
        assertNull(c.exitDir());
        assertNull(c.persistDir());
        assertNull(c.exitCommand());
        assertNull(c.restore());
        assertNull(c.sdnotifySocket());
        assertNull(c.logTag());
        assertEquals(List.of(), c.runtimeArgs());
        assertEquals(List.of(), c.logAllowlistDirs());
        assertFalse(c.exec() || c.terminal() || c.stdin() || c.sync() || c.fullAttach() || c.syslog());
        assertEquals(List.of(), r.logOpts());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void execHasNoDefaultBundle() throws Exception {
        CliResult.Run r = run("-c", CID, "-u", "s", "-r", RUNTIME, "-e", "--exec-process-spec", "/p", "-l", "none");
        assertNull(r.config().bundle());
        assertEquals(Path.of("/work/dir/pidfile-" + CID), r.config().containerPidFile());
    }

    @Test
    void execKeepsAGivenBundle() throws Exception {
        CliResult.Run r = run("-c", CID, "-u", "s", "-r", RUNTIME, "-e", "--exec-process-spec", "/p", "-l", "none",
                "-b", "/b/s");
        assertEquals(Path.of("/b/s"), r.config().bundle());
    }

    @Test
    void everyValueOptionReachesItsField() throws Exception {
        MonitorConfig c = run(create("-b", "/b", "-p", "/pid", "-P", "/cpid", "-n", "web", "--exit-dir", "/ex",
                "-0", "/persist", "--exit-command", "/usr/bin/podman", "--exit-command-arg", "a", "--exit-delay", "3",
                "-T", "0x10", "--log-size-max", "1000", "--log-global-size-max", "16777216", "--log-rotate",
                "--log-max-files", "3", "--log-allowlist-dir", "/d1", "--log-allowlist-dir", "/d2",
                "--socket-dir-path", "/sock", "--sdnotify-socket=/run/notify", "--restore", "/ckpt",
                "--runtime-arg", "--root=/r", "--runtime-opt", "--tcp-established", "--restore-arg", "--file-locks"))
                .config();
        assertEquals(Path.of("/b"), c.bundle());
        assertEquals(Path.of("/pid"), c.containerPidFile());
        assertEquals(Path.of("/cpid"), c.conmonPidFile());
        assertEquals("web", c.name());
        assertEquals(Path.of("/ex"), c.exitDir());
        assertEquals(Path.of("/persist"), c.persistDir());
        assertEquals(Path.of("/usr/bin/podman"), c.exitCommand());
        assertEquals(List.of("a"), c.exitCommandArgs());
        assertEquals(3, c.exitDelaySeconds());
        assertEquals(16, c.timeoutSeconds());
        assertEquals(1000, c.logSizeMax());
        assertEquals(16777216, c.logGlobalSizeMax());
        assertEquals(3, c.logMaxFiles());
        assertEquals(List.of(Path.of("/d1"), Path.of("/d2")), c.logAllowlistDirs());
        assertEquals(Path.of("/sock"), c.socketDirPath());
        assertEquals("/run/notify", c.sdnotifySocket());
        assertEquals(Path.of("/ckpt"), c.restore());
        assertEquals(List.of("--root=/r"), c.runtimeArgs());
        assertEquals(List.of("--tcp-established", "--file-locks"), c.runtimeOpts());
        assertEquals(true, c.logRotate());
    }

    @Test
    void everyFlagReachesItsField() throws Exception {
        MonitorConfig c = run(create("--api-version", "-t", "-i", "-s", "--sync", "--syslog", "--full-attach",
                "--leave-stdin-open", "--no-pivot", "--no-new-keyring", "--no-sync-log", "--replace-listen-pid"))
                .config();
        assertEquals(1, c.apiVersion());
        assertEquals("data", c.syncPipeKey());
        assertEquals(List.of(true, true, true, true, true, true, true, true, true, true, true),
                List.of(c.terminal(), c.stdin(), c.systemdCgroup(), c.sync(), c.syslog(), c.fullAttach(),
                        c.leaveStdinOpen(), c.noPivot(), c.noNewKeyring(), c.noSyncLog(), c.replaceListenPid()));
    }

    @Test
    void pidfileAliasFillsTheContainerPidfile() throws Exception {
        assertEquals(Path.of("/old"), run(create("--pidfile", "/old")).config().containerPidFile());
    }

    @Test
    void removedSeccompOptionsAreIgnored() throws Exception {
        MonitorConfig plain = run(create()).config();
        MonitorConfig withSeccomp = run(create("--seccomp-notify-socket", "/s", "--seccomp-notify-plugins", "p"))
                .config();
        assertEquals(plain, withSeccomp);
    }
}
