package io.jconmon.core;

import io.jconmon.core.sys.LibC;

/**
 * Does start-up work that nothing needs before the container runs on a second thread, while the
 * main thread parses the command line and opens the log drivers: loading the JNI library,
 * reading the time-zone rules for log timestamps (the JDK's tz database, ~12 ms), and the first
 * use of java.lang.foreign's memory accessors (their method handles are generated at run time,
 * ~25 ms, and the AOT cache does not keep them). With two cores
 * the halves overlap. Class initialisation is thread-safe: a main-thread use simply waits.
 */
final class NativeWarmUp {
    private NativeWarmUp() {}

    static void start() {
        if ("false".equals(System.getProperty("jconmon.warmUp"))) {
            return; // -Djconmon.warmUp=false: to measure start-up without it
        }
        Thread t = new Thread(NativeWarmUp::warm, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    // Classes that the AOT training run (a container without a terminal) does not load, but that
    // must react within microseconds when a terminal container starts: the window size has to
    // be on the pty before the container's first command reads it.
    private static final String[] TERMINAL_CLASSES = {
        "io.jconmon.core.attach.ConsoleSocket", "io.jconmon.core.attach.StdinFd",
        "io.jconmon.core.attach.WindowSize", "io.jconmon.core.sys.Terminal",
        "io.jconmon.core.sys.UnixSockets$ReceivedMessage",
    };

    private static void preload() {
        for (String name : TERMINAL_CLASSES) {
            try {
                Class.forName(name, true, NativeWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // A renamed class: only the warm-up is lost, and the test suite notices the timing.
            }
        }
    }

    private static void warm() {
        try {
            // In the order the main thread will need them: the container is spawned first, its
            // first log line is timestamped later.
            LibC.load();
            LibC.warmMemoryAccess();
            preload();
            java.time.ZoneId.systemDefault().getRules();
        } catch (RuntimeException | LinkageError e) {
            // The main thread meets the same failure where it matters, and reports it there.
        }
        StartupTrace.mark("warm-up done");
    }
}
