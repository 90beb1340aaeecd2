package io.jconmon.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Optional timing of the monitor's start-up phases, for the benchmark (bench/) and for anyone
 * chasing start-up time: {@code JCONMON_JAVA_OPTIONS=-Djconmon.startupTrace=/tmp/trace} appends one
 * line per phase, milliseconds since main() began, when the monitor exits (writing earlier would
 * perturb what is measured). Off (and free) unless the property is set.
 */
public final class StartupTrace {
    private static final String FILE = System.getProperty("jconmon.startupTrace");
    private static final long ZERO = System.nanoTime();
    // Raw times only while tracing: formatting (String.format loads regex machinery) would cost
    // more than the phases it measures. Formatted in flush().
    private static final long[] TIMES = new long[32];
    private static final String[] PHASES = new String[32];
    private static int count;

    private StartupTrace() {}

    /** Records that {@code phase} just ended. */
    public static synchronized void mark(String phase) {
        if (FILE != null && count < TIMES.length) {
            TIMES[count] = System.nanoTime() - ZERO;
            PHASES[count++] = phase;
        }
    }

    /** Writes what was recorded (call before the trace would be lost, e.g. at exit). */
    public static synchronized void flush() {
        if (FILE == null || count == 0) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(String.format("%7.1f ms  %s%n", TIMES[i] / 1e6, PHASES[i]));
        }
        count = 0;
        try (FileOutputStream out = new FileOutputStream(FILE, true)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A trace that cannot be written is not worth failing a container for.
        }
    }
}
