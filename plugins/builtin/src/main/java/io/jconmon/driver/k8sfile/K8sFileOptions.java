package io.jconmon.driver.k8sfile;

import io.jconmon.spi.LogDriverException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated options of one k8s-file driver. Sizes of zero or less mean unlimited and are kept
 * as 0.
 *
 * @param path the log file
 * @param maxSize {@code --log-size-max}: replace (or, with rotate, rotate) the file before a record
 *     would exceed it; 0 = unlimited
 * @param globalMaxSize {@code --log-global-size-max}: drop records once this many bytes went out; 0 = unlimited
 * @param syncOnClose fsync the file at close (false for {@code --no-sync-log})
 * @param rotate {@code --log-rotate}: keep the old content as numbered backups instead of discarding
 *     it (conmon-interface.md §5.2.6)
 * @param maxFiles {@code --log-max-files}: how many backups {@code <path>.1 … <path>.N} are kept
 *     (as conmon, at least {@code .1} and {@code .2} appear even with 1)
 * @param allowlistDirs {@code --log-allowlist-dir}: when not empty, a log file that has to be
 *     created at rotation must lie inside one of these directories
 * @param compress jconmon extension: gzip rotated backups to {@code <path>.N.gz}
 */
record K8sFileOptions(
        Path path,
        long maxSize,
        long globalMaxSize,
        boolean syncOnClose,
        boolean rotate,
        int maxFiles,
        List<Path> allowlistDirs,
        boolean compress) {

    static final String PATH = "path";
    static final String MAX_SIZE = "max-size";
    static final String GLOBAL_MAX_SIZE = "global-max-size";
    static final String SYNC_ON_CLOSE = "sync-on-close";
    static final String ROTATE = "rotate";
    static final String MAX_FILES = "max-files";
    static final String ALLOWLIST_DIR = "allowlist-dir";
    static final String COMPRESS = "compress";

    /** Every option {@link #parse} accepts. */
    static final Set<String> NAMES = Set.of(
            PATH, MAX_SIZE, GLOBAL_MAX_SIZE, SYNC_ON_CLOSE, ROTATE, MAX_FILES, ALLOWLIST_DIR, COMPRESS);

    K8sFileOptions {
        allowlistDirs = List.copyOf(allowlistDirs);
    }

    /** Without rotation: conmon's default truncate-by-replacement. */
    K8sFileOptions(Path path, long maxSize, long globalMaxSize, boolean syncOnClose) {
        this(path, maxSize, globalMaxSize, syncOnClose, false, 1, List.of(), false);
    }

    static K8sFileOptions parse(Map<String, String> options) throws LogDriverException {
        Map<String, String> given = options == null ? Map.of() : options;
        // The host already rejects unknown keys; checked again so a direct caller cannot slip one by.
        for (String key : given.keySet()) {
            if (!NAMES.contains(key)) {
                throw new LogDriverException(prefix(key) + "not supported");
            }
        }
        String path = given.get(PATH);
        if (path == null || path.isEmpty()) {
            // conmon-interface.md §5.1: conmon's own wording.
            throw new LogDriverException(K8sFileDriverFactory.NAME + " requires a filename");
        }
        Path file = path(PATH, path);
        return new K8sFileOptions(
                file,
                size(given, MAX_SIZE),
                size(given, GLOBAL_MAX_SIZE),
                flag(given, SYNC_ON_CLOSE, true),
                flag(given, ROTATE, false),
                maxFiles(given),
                dirs(given),
                flag(given, COMPRESS, false));
    }

    private static Path path(String key, String value) throws LogDriverException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new LogDriverException(prefix(key) + "not a valid path: " + quote(value), e);
        }
    }

    private static long size(Map<String, String> options, String key) throws LogDriverException {
        String value = options.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new LogDriverException(prefix(key) + "not a number: " + quote(value), e);
        }
    }

    private static int maxFiles(Map<String, String> options) throws LogDriverException {
        String value = options.get(MAX_FILES);
        if (value == null) {
            return 1;
        }
        int files;
        try {
            files = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new LogDriverException(prefix(MAX_FILES) + "not a number: " + quote(value), e);
        }
        if (files < 1) {
            throw new LogDriverException(prefix(MAX_FILES) + "must be at least 1: " + quote(value));
        }
        return files;
    }

    /** A ':'-separated list; empty entries (as in {@code "a::b"} or {@code ""}) are skipped. */
    private static List<Path> dirs(Map<String, String> options) throws LogDriverException {
        String value = options.get(ALLOWLIST_DIR);
        List<Path> dirs = new ArrayList<>();
        if (value != null) {
            for (String dir : value.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(path(ALLOWLIST_DIR, dir));
                }
            }
        }
        return dirs;
    }

    private static boolean flag(Map<String, String> options, String key, boolean absent)
            throws LogDriverException {
        String value = options.get(key);
        if (value == null) {
            return absent;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new LogDriverException(prefix(key) + "not true or false: " + quote(value));
        };
    }

    private static String prefix(String key) {
        return K8sFileDriverFactory.NAME + ": option " + key + ": ";
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
