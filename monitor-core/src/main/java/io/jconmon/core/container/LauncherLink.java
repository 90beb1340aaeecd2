package io.jconmon.core.container;

import io.jconmon.core.sys.LibC;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the native launcher (native-abi/src/launcher.c) passed the JVM as system properties, and
 * the status pipe through which the monitor tells it "ready": the launcher (conmon's P1) exits 0
 * only then, or with the monitor's error otherwise.
 */
public final class LauncherLink {
    private final String home;
    private int statusFd;
    private final int[] inheritedFds;
    private final boolean startPipeRead;
    private boolean told;

    LauncherLink(String home, int statusFd, int[] inheritedFds, boolean startPipeRead) {
        this.home = home;
        this.statusFd = statusFd;
        this.inheritedFds = inheritedFds;
        this.startPipeRead = startPipeRead;
    }

    /** Reads {@code jconmon.home}, {@code jconmon.statusFd}, {@code jconmon.inheritedFds}, {@code jconmon.startPipeRead}. */
    public static LauncherLink fromSystemProperties() {
        String fds = System.getProperty("jconmon.inheritedFds", "");
        List<Integer> list = new ArrayList<>();
        for (String s : fds.split(",")) {
            if (!s.isBlank()) {
                list.add(Integer.parseInt(s.trim()));
            }
        }
        return new LauncherLink(
                System.getProperty("jconmon.home", ""),
                Integer.parseInt(System.getProperty("jconmon.statusFd", "-1")),
                list.stream().mapToInt(Integer::intValue).toArray(),
                "1".equals(System.getProperty("jconmon.startPipeRead", "0")));
    }

    /** The install image's root: the shim lives at {@code <home>/libexec/jconmon-exec}. */
    public String home() {
        return home;
    }

    /** The exec shim that spawned processes go through. */
    public String execShim() {
        return home + "/libexec/jconmon-exec";
    }

    /** fds that were open when the engine started the monitor (§2.8 step 6 closes them). */
    public int[] inheritedFds() {
        return inheritedFds.clone();
    }

    /** True when the launcher already did the start-pipe read of §2.1 step 5. */
    public boolean startPipeRead() {
        return startPipeRead;
    }

    /**
     * Tells the launcher the monitor is running: options valid, logs open, pidfile written.
     * Written through {@code /proc/self/fd} with plain Java I/O, so the launcher (and the engine
     * waiting for it) never waits for the native layer to be linked.
     */
    public void ready() throws IOException {
        if (statusFd < 0 || told) {
            return;
        }
        try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + statusFd)) {
            out.write("ok\n".getBytes(StandardCharsets.US_ASCII));
        }
        told = true;
    }

    /** Closes the monitor's end of the status pipe (after {@link #ready()}). */
    public void closeStatusPipe() {
        LibC.closeQuietly(statusFd);
        statusFd = -1;
    }
}
