package io.jconmon.core;

import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.Spawn;

/**
 * Links the native layer (and loads the time-zone rules) on a second thread while the main thread parses the command line and
 * opens the log drivers. Linking FFM downcall handles is the largest single cost of the monitor's
 * start-up (tens of milliseconds, see docs/PERFORMANCE.md) and nothing before "ready" needs its
 * result early; with two cores the two halves overlap. Class initialisation is thread-safe: a
 * main-thread use simply waits for the warm-up to finish the class.
 */
final class NativeWarmUp {
    private NativeWarmUp() {}

    static void start() {
        if ("false".equals(System.getProperty("jconmon.warmUp"))) {
            return; // -Djconmon.warmUp=false: to measure start-up without it
        }
        Thread t = new Thread(NativeWarmUp::warm, "native-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            LibC.realtimeNanos();   // links syscall(2)
            Spawn.prepare();        // links posix_spawn
            // Log timestamps need the zone's rules; reading the tz database costs ~12 ms.
            java.time.ZoneId.systemDefault().getRules();
        } catch (RuntimeException | LinkageError e) {
            // The main thread meets the same failure where it matters, and reports it there.
        }
        StartupTrace.mark("native layer linked (warm-up thread)");
    }
}
