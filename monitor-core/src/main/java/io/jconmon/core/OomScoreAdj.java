package io.jconmon.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * conmon protects itself from the OOM killer (-1000) and gives its children the original value
 * back (conmon-interface.md §2.1 step 3). Without CAP_SYS_RESOURCE lowering fails: harmless.
 */
public final class OomScoreAdj {
    private static final Path FILE = Path.of("/proc/self/oom_score_adj");

    private OomScoreAdj() {}

    /** Remembers the current value, then lowers it to -1000. Returns the old value, or null if unreadable. */
    public static String protectSelf(Diagnostics diag) {
        String old;
        try {
            old = Files.readString(FILE).trim();
        } catch (IOException e) {
            diag.debug("cannot read oom_score_adj: " + e.getMessage());
            return null;
        }
        try {
            Files.writeString(FILE, "-1000");
        } catch (IOException e) {
            diag.debug("cannot lower oom_score_adj: " + e.getMessage());
        }
        return old;
    }
}
