package io.jconmon.core.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** {@link Environment} backed by the JVM's view of the host. */
final class SystemEnvironment implements Environment {
    static final SystemEnvironment INSTANCE = new SystemEnvironment();

    private static final String ENOENT = "No such file or directory";
    private static final String EACCES = "Permission denied";

    private SystemEnvironment() {
    }

    @Override
    public String cwd() {
        return System.getProperty("user.dir");
    }

    @Override
    public boolean isExecutable(Path path) {
        // Path.of("") means the working directory to the JDK, but access("") fails with ENOENT.
        return !path.toString().isEmpty() && Files.isExecutable(path);
    }

    @Override
    public String accessError(Path path) {
        if (path.toString().isEmpty()) {
            return ENOENT;
        }
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return ENOENT;
        } catch (AccessDeniedException e) {
            return EACCES;
        } catch (FileSystemException e) {
            // The JDK puts strerror's text in the reason (e.g. "Not a directory").
            return e.getReason() != null ? e.getReason() : EACCES;
        } catch (Exception e) {
            return EACCES;
        }
        // It exists, so access(X_OK) failed for want of an execute bit.
        return EACCES;
    }
}
