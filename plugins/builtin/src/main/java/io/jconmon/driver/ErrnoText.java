package io.jconmon.driver;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The strerror(3) text of an I/O failure. The JDK turns some errnos into typed exceptions without a
 * reason and carries the strerror text as the message of the others. Shared by the built-in drivers
 * (one jar); a third-party driver keeps its own.
 */
public final class ErrnoText {

    private static final String ENOSPC = "No space left on device";
    private static final String EDQUOT = "Disk quota exceeded";

    private ErrnoText() {}

    public static String of(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "No such file or directory";
            case AccessDeniedException x -> "Permission denied";
            case FileAlreadyExistsException x -> "File exists";
            case NotDirectoryException x -> "Not a directory";
            case DirectoryNotEmptyException x -> "Directory not empty";
            case FileSystemLoopException x -> "Too many levels of symbolic links";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /** ENOSPC or EDQUOT: the write may succeed again once space is freed. */
    public static boolean isOutOfSpace(IOException e) {
        String text = of(e);
        return text.equals(ENOSPC) || text.equals(EDQUOT);
    }
}
