package io.jconmon.tools.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The files of one log, oldest first. Both drivers rotate the same way: {@code PATH} is the
 * current file and {@code PATH.1}, {@code PATH.2}, … its backups, {@code .1} the newest (k8s-file:
 * conmon 2.2's {@code --log-rotate}, conmon-interface.md §5.2.6; json-file: Docker's
 * {@code max-file}). A compressed backup is {@code PATH.N.gz}. While a backup is being compressed
 * both {@code PATH.N} and {@code PATH.N.gz} exist and the {@code .gz} may be incomplete, so the
 * plain one wins. Other names ({@code PATH.tmp}, {@code PATH.new}, {@code PATH.1.gz.tmp}) are the
 * drivers' work files and are not read.
 */
final class RotatedLogFiles {

    private RotatedLogFiles() {}

    /** Backups from the oldest to the newest, then {@code path} if it exists. */
    static List<Path> chronological(Path path) throws IOException {
        List<Path> files = backupsOldestFirst(path);
        if (Files.exists(path)) {
            files.add(path);
        }
        return files;
    }

    /** {@code PATH.N} / {@code PATH.N.gz}, highest N first. */
    static List<Path> backupsOldestFirst(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        String prefix = path.getFileName() + ".";
        TreeMap<Integer, Path> byNumber = new TreeMap<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, path.getFileName() + ".*")) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(prefix)) {
                        continue;
                    }
                    String rest = name.substring(prefix.length());
                    boolean gz = rest.endsWith(".gz");
                    int number = backupNumber(gz ? rest.substring(0, rest.length() - 3) : rest);
                    if (number < 1 || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    Path known = byNumber.get(number);
                    if (known == null || (!gz && known.getFileName().toString().endsWith(".gz"))) {
                        byNumber.put(number, path.resolveSibling(name));
                    }
                }
            }
        }
        return new ArrayList<>(byNumber.descendingMap().values());
    }

    static boolean isCompressed(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** The N of a backup name's {@code .N}, or -1: digits only, no leading zero. */
    private static int backupNumber(String text) {
        if (text.isEmpty() || text.length() > 9 || text.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }
}
