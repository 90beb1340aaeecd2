package io.jconmon.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Optional timing of the monitor's start-up phases, for the benchmark (bench/) and for anyone
 * chasing start-up time: {@code JCONMON_JAVA_OPTIONS=-Djconmon.startupTrace=/tmp/trace} appends one
 * line per phase, milliseconds since main() began. Off (and free) unless the property is set.
 */
public final class StartupTrace {
    private static final String FILE = System.getProperty("jconmon.startupTrace");
    private static final long ZERO = System.nanoTime();
    private static final StringBuilder LINES = FILE == null ? null : new StringBuilder();

    private StartupTrace() {}

    /** Records that {@code phase} just ended. */
    public static void mark(String phase) {
        if (LINES != null) {
            LINES.append(String.format("%7.1f ms  %s%n", (System.nanoTime() - ZERO) / 1e6, phase));
        }
    }

    /** Writes what was recorded (call before the trace would be lost, e.g. at exit). */
    public static void flush() {
        if (LINES == null || LINES.isEmpty()) {
            return;
        }
        try (FileOutputStream out = new FileOutputStream(FILE, true)) {
            out.write(LINES.toString().getBytes(StandardCharsets.UTF_8));
            LINES.setLength(0);
        } catch (IOException e) {
            // A trace that cannot be written is not worth failing a container for.
        }
    }
}
