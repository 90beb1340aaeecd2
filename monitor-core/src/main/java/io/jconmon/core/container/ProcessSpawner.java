package io.jconmon.core.container;

import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.Spawn;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Starts the OCI runtime and the exit command through the jconmon-exec shim, which does between
 * fork and exec what conmon's forked children do (§2.6, §2.13): parent-death signal, the
 * exec-attach start-pipe read, closing fds that must not leak, LISTEN_PID, oom_score_adj.
 */
public final class ProcessSpawner {
    private final String shim;
    private final int monitorPid;
    private final String originalOomScoreAdj;

    /**
     * @param originalOomScoreAdj the value to restore in children, or null to leave it
     */
    public ProcessSpawner(String shim, int monitorPid, String originalOomScoreAdj) {
        this.shim = shim;
        this.monitorPid = monitorPid;
        this.originalOomScoreAdj = originalOomScoreAdj;
    }

    /**
     * Spawns the runtime child (§2.6).
     *
     * @param stdio the fds to become the runtime's 0, 1, 2 ({@code -1} keeps the monitor's own)
     * @param keepFds inherited fds that must reach the runtime at the same numbers (--preserve-fds)
     * @param startPipeFd the start pipe to read once more before exec (exec-attach), or -1
     */
    public int spawnRuntime(List<String> runtimeArgv, int[] stdio, int[] keepFds, int startPipeFd,
                            boolean replaceListenPid) throws NativeException {
        List<String> argv = new ArrayList<>();
        argv.add(shim);
        argv.add("--parent");
        argv.add(Integer.toString(monitorPid));
        argv.add("--pdeathsig");
        if (startPipeFd >= 0) {
            argv.add("--wait-fd");
            argv.add(Integer.toString(startPipeFd));
        }
        argv.add("--stdio");
        argv.add(stdio[0] + "," + stdio[1] + "," + stdio[2]);
        argv.add("--keep-fds");
        argv.add(join(keepFds, startPipeFd));
        argv.add("--listen-pid");
        if (replaceListenPid) {
            argv.add("--replace-listen-pid");
        }
        addOomScoreAdj(argv);
        argv.add("--");
        argv.addAll(runtimeArgv);
        // The monitor's fds are close-on-exec; the ones the shim wires to 0-2 must survive its exec.
        // Only the loop thread spawns, so nothing else can exec while they are inheritable.
        for (int fd : stdio) {
            if (fd >= 0) {
                LibC.setCloseOnExec(fd, false);
            }
        }
        try {
            return Spawn.spawn(argv);
        } finally {
            for (int fd : stdio) {
                if (fd >= 0) {
                    LibC.setCloseOnExec(fd, true);
                }
            }
        }
    }

    /** Spawns the exit command (§2.13): all fds >= 3 closed, optional delay, exit 1 if exec fails. */
    public int spawnExitCommand(List<String> commandArgv, int delaySeconds) throws NativeException {
        List<String> argv = new ArrayList<>();
        argv.add(shim);
        argv.add("--keep-fds");
        argv.add("");
        addOomScoreAdj(argv);
        if (delaySeconds > 0) {
            argv.add("--delay");
            argv.add(Integer.toString(delaySeconds));
        }
        argv.add("--exec-fail-status");
        argv.add("1");
        argv.add("--");
        argv.addAll(commandArgv);
        return Spawn.spawn(argv);
    }

    private void addOomScoreAdj(List<String> argv) {
        if (originalOomScoreAdj != null) {
            argv.add("--oom-score-adj");
            argv.add(originalOomScoreAdj);
        }
    }

    private static String join(int[] fds, int alsoKeep) {
        StringJoiner j = new StringJoiner(",");
        for (int fd : fds) {
            j.add(Integer.toString(fd));
        }
        if (alsoKeep >= 0) {
            j.add(Integer.toString(alsoKeep)); // the shim closes it itself after the read
        }
        return j.toString();
    }
}
