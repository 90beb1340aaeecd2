package io.jconmon.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.core.cli.CliResult;
import io.jconmon.core.cli.ConmonCli;
import io.jconmon.core.cli.Environment;
import io.jconmon.core.config.MonitorConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's command line in conmon's exact order (conmon-interface.md §2.5). */
class RuntimeCommandTest {
    private static final String CID = "0123456789abcdef0123";

    @Test
    void createPutsGlobalArgsBeforeTheSubcommandAndOptsBeforeTheConsoleSocketAndId() throws Exception {
        MonitorConfig c = parse("-c", CID, "-u", CID, "-r", "/usr/bin/crun", "-b", "/b", "-p", "/b/pidfile", "-l", "none",
                "-s", "--runtime-arg", "--log-format=json", "--runtime-arg", "--root", "--runtime-arg", "/r",
                "--no-pivot", "--no-new-keyring", "--runtime-opt", "--preserve-fds", "--runtime-opt", "2", "-t");
        assertEquals(List.of("/usr/bin/crun", "--systemd-cgroup", "--log-format=json", "--root", "/r", "create",
                "--bundle", "/b", "--pid-file", "/b/pidfile", "--no-pivot", "--no-new-keyring", "--preserve-fds", "2",
                "--console-socket", "/tmp/conmon-term.X", CID), RuntimeCommand.of(c, "/tmp/conmon-term.X"));
    }

    @Test
    void restoreAddsTheCheckpointAndWorkPathAfterTheKeyringFlag() throws Exception {
        MonitorConfig c = parse("-c", CID, "-u", CID, "-r", "/usr/bin/runc", "-b", "/b", "-p", "/b/pidfile", "-l", "none",
                "--restore", "/ckpt", "--no-new-keyring", "--runtime-opt", "--tcp-established");
        assertEquals(List.of("/usr/bin/runc", "restore", "--bundle", "/b", "--pid-file", "/b/pidfile",
                "--no-new-keyring", "--detach", "--image-path", "/ckpt", "--work-path", "/b", "--tcp-established", CID),
                RuntimeCommand.of(c, null));
    }

    @Test
    void execNeverGetsCreateOnlyFlags() throws Exception {
        MonitorConfig c = parse("--api-version", "1", "-c", CID, "-u", "sess", "-r", "/usr/bin/crun", "-b", "/b/sess",
                "-p", "/b/sess/exec_pid", "-l", "none", "-e", "--exec-process-spec", "/b/sess/spec", "-s", "--no-pivot",
                "--runtime-arg", "--root=/r");
        assertEquals(List.of("/usr/bin/crun", "--root=/r", "exec", "--pid-file", "/b/sess/exec_pid",
                "--process", "/b/sess/spec", "--detach", CID), RuntimeCommand.of(c, null));
    }

    private static MonitorConfig parse(String... args) throws Exception {
        Environment env = new Environment() {
            public String cwd() {
                return "/cwd";
            }

            public boolean isExecutable(Path path) {
                return true;
            }

            public String accessError(Path path) {
                return "";
            }
        };
        return ((CliResult.Run) new ConmonCli("test").parse(args, env)).config();
    }
}
