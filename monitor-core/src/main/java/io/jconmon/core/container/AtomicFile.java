package io.jconmon.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a small file the way GLib's g_file_set_contents does: a temp file {@code NAME.XXXXXX} in
 * the same directory, then rename(2) over the target. Readers (and inotify watchers such as
 * Podman's exit-file watcher) only ever see the complete content. Mode 0666 &amp; ~umask.
 */
public final class AtomicFile {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private AtomicFile() {}

    public static void write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + "." + randomSuffix());
        try {
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static String randomSuffix() {
        StringBuilder sb = new StringBuilder(6);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
