package io.jconmon.core.container;

import io.jconmon.core.config.MonitorConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The exit files engines wait for (conmon-interface.md §2.11): {@code <persist-dir>/exit} then
 * {@code <exit-dir>/<cid>}, decimal status without a newline, each replaced atomically.
 */
public final class ExitFiles {
    private ExitFiles() {}

    /** Writes both files (those configured), persist dir first as conmon does (§2.8 steps 7-8). */
    public static void write(MonitorConfig c, int status) throws IOException {
        String content = Integer.toString(status);
        if (c.persistDir() != null) {
            writeOne(c.persistDir().resolve("exit"), status, content);
        }
        if (c.exitDir() != null) {
            writeOne(c.exitDir().resolve(c.cid()), status, content);
        }
    }

    private static void writeOne(Path file, int status, String content) throws IOException {
        try {
            AtomicFile.write(file, content);
        } catch (IOException e) {
            throw new IOException("Failed to write " + status + " to exit file: " + e.getMessage(), e);
        }
    }
}
