package io.jconmon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real host behind {@link Environment#system()}: access(X_OK) and strerror texts. */
class SystemEnvironmentTest {
    private final Environment env = Environment.system();

    @TempDir
    Path dir;

    @Test
    void cwdIsTheJvmWorkingDirectory() {
        assertEquals(System.getProperty("user.dir"), env.cwd());
    }

    @Test
    void executableFileAndDirectoryPass() throws Exception {
        Path exe = Files.createFile(dir.resolve("runc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertTrue(env.isExecutable(exe));
        assertTrue(env.isExecutable(dir));
    }

    @Test
    void missingPathIsNoSuchFileOrDirectory() {
        Path missing = dir.resolve("missing/runc");
        assertFalse(env.isExecutable(missing));
        assertEquals("No such file or directory", env.accessError(missing));
    }

    @Test
    void emptyPathFailsLikeAccessOfEmptyString() {
        assertFalse(env.isExecutable(Path.of("")));
        assertEquals("No such file or directory", env.accessError(Path.of("")));
    }

    @Test
    void fileWithoutExecuteBitIsPermissionDenied() throws Exception {
        // root passes access(X_OK) only when some x bit is set, so a 0644 file fails for everyone.
        Path plain = Files.createFile(dir.resolve("plain"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        assertFalse(env.isExecutable(plain));
        assertEquals("Permission denied", env.accessError(plain));
    }

    @Test
    void pathThroughARegularFileIsNotADirectory() throws Exception {
        Path plain = Files.createFile(dir.resolve("file"));
        Path below = plain.resolve("runc");
        assertFalse(env.isExecutable(below));
        assertEquals("Not a directory", env.accessError(below));
    }
}
