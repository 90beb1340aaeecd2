package io.jconmon.driver.k8sfile;

import io.jconmon.spi.LogDriverException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The validated options of one k8s-file driver. Sizes of zero or less mean unlimited and are kept
 * as 0.
 *
 * @param path the log file
 * @param maxSize {@code --log-size-max}: replace the file before a record would exceed it; 0 = unlimited
 * @param globalMaxSize {@code --log-global-size-max}: drop records once this many bytes went out; 0 = unlimited
 * @param syncOnClose fsync the file at close (false for {@code --no-sync-log})
 */
record K8sFileOptions(Path path, long maxSize, long globalMaxSize, boolean syncOnClose) {

    static final String PATH = "path";
    static final String MAX_SIZE = "max-size";
    static final String GLOBAL_MAX_SIZE = "global-max-size";
    static final String SYNC_ON_CLOSE = "sync-on-close";

    /** Rotation (rotate, max-files, allowlist-dir, compress) is not supported yet, so not listed. */
    static final Set<String> NAMES = Set.of(PATH, MAX_SIZE, GLOBAL_MAX_SIZE, SYNC_ON_CLOSE);

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
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new LogDriverException(prefix(PATH) + "not a valid path: " + quote(path), e);
        }
        return new K8sFileOptions(
                file,
                size(given, MAX_SIZE),
                size(given, GLOBAL_MAX_SIZE),
                flag(given, SYNC_ON_CLOSE, true));
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
