package io.jconmon.core.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@link Environment} backed by the JVM's view of the host. */
final class SystemEnvironment implements Environment {
    static final SystemEnvironment INSTANCE = new SystemEnvironment();

    private static final String ENOENT = "No such file or directory";
    private static final String ENOTDIR = "Not a directory";
    private static final String EACCES = "Permission denied";

    private SystemEnvironment() {
    }

    @Override
    public String cwd() {
        return System.getProperty("user.dir");
    }

    @Override
    public boolean isExecutable(Path path) {
        return accessError(path) == null;
    }

    /** The strerror text of {@code access(path, X_OK)}, or null when it succeeds. */
    @Override
    public String accessError(Path path) {
        // Path.of("") means the working directory to the JDK, but access("") fails with ENOENT.
        if (path.toString().isEmpty()) {
            return ENOENT;
        }
        try {
            // The default provider's checkAccess is access(2) itself.
            path.getFileSystem().provider().checkAccess(path, AccessMode.EXECUTE);
            return null;
        } catch (NoSuchFileException e) {
            // The JDK reports ENOTDIR as NoSuchFileException too; tell them apart like strerror would.
            return throughNonDirectory(path) ? ENOTDIR : ENOENT;
        } catch (AccessDeniedException e) {
            return EACCES;
        } catch (FileSystemException e) {
            // For other errnos the JDK puts strerror's text in the reason (e.g. "Too many levels of symbolic links").
            return e.getReason() != null ? e.getReason() : EACCES;
        } catch (IOException | SecurityException e) {
            return EACCES;
        }
    }

    private static boolean throughNonDirectory(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return !Files.isDirectory(p);
            }
        }
        return false;
    }
}
