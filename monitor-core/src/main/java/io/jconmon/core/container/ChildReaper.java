package io.jconmon.core.container;

import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import java.util.HashMap;
import java.util.Map;

/**
 * Reaps every child and orphan that reaches the monitor (it is a child subreaper) and remembers
 * how the interesting ones ended. An exit can be reaped before anyone asks about that pid — the
 * container may exit before its pidfile is read — so statuses are cached by pid (§2.4, "replay").
 */
public final class ChildReaper {
    private final Map<Integer, Integer> exitStatuses = new HashMap<>();
    private boolean noChildren;

    /**
     * Reaps whatever has exited, without blocking. Call on every SIGCHLD.
     */
    public void reapAll() {
        while (true) {
            long r = LibC.waitpid(-1, LibC.WNOHANG);
            if (r == 0) {
                noChildren = false;
                return;
            }
            if (r < 0) {
                if (r == -Errno.EINTR) {
                    continue;
                }
                noChildren = r == -Errno.ECHILD;
                return;
            }
            int pid = (int) r;
            int raw = (int) (r >>> 32);
            exitStatuses.put(pid, LibC.exitStatusOf(raw));
        }
    }

    /** The exit status of {@code pid} if it was reaped, else null. */
    public Integer statusOf(int pid) {
        return exitStatuses.get(pid);
    }

    /** True when the last reap found no children at all (waitpid gave ECHILD). */
    public boolean noChildren() {
        return noChildren;
    }

}
