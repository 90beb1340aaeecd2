package io.jconmon.tools.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * {@code --follow}: reads the current file as it grows, by polling (as Podman's follow mode does),
 * and keeps going across the ways a log file is replaced:
 * <ul>
 *   <li>rotation ({@code PATH} renamed to {@code PATH.1}, a new {@code PATH} created) and conmon's
 *       default truncation (a new empty file renamed over {@code PATH}): {@code PATH} names another
 *       file (dev/inode) than the one open; the open one is read to its end, then the new one from
 *       its start. If the log rotated more than once between two polls, the backups newer than
 *       the old file are read in between;
 *   <li>truncation in place ({@code copytruncate}, {@code > PATH}): the file became shorter than
 *       what was read; it is read again from its start.
 * </ul>
 * It stops when {@code PATH} has been missing for {@code goneAfterNanos} (the container and its log
 * were removed), when the clock passes {@code --until}, or when the process is interrupted.
 */
final class LogFollower {

    private final Path path;
    private final LineDecoder decoder;
    private final LinePrinter printer;
    private final long untilNanos;
    private final long pollMillis;
    private final long goneAfterNanos;

    private FileChannel channel;
    private InputStream in;
    private Object fileKey;
    private final LineReader reader = new LineReader();

    LogFollower(Path path, LineDecoder decoder, LinePrinter printer, long untilNanos, long pollMillis,
            long goneAfterNanos) {
        this.path = path;
        this.decoder = decoder;
        this.printer = printer;
        this.untilNanos = untilNanos;
        this.pollMillis = pollMillis;
        this.goneAfterNanos = goneAfterNanos;
    }

    /** Follows until {@code PATH} is gone or {@code --until} passed; the backups must have been read. */
    void run() throws IOException, InterruptedException {
        long goneSince = -1;
        boolean backlog = true;
        Object first = fileKey(path);
        if (first != null) {
            switchTo(first);
        }
        try {
            while (true) {
                if (channel != null) {
                    readAvailable();
                }
                if (backlog) {
                    backlog = false;
                    printer.endOfBacklog();
                }
                printer.flush();
                if (untilNanos != Long.MAX_VALUE && nowNanos() > untilNanos) {
                    decoder.finish(); // a line still open began before --until
                    printer.flush();
                    return;
                }
                Object key = fileKey(path);
                if (key == null) {
                    long now = System.nanoTime();
                    if (goneSince < 0) {
                        goneSince = now;
                    } else if (now - goneSince >= goneAfterNanos) {
                        closeCurrent();
                        decoder.finish();
                        printer.flush();
                        return;
                    }
                } else {
                    goneSince = -1;
                    if (channel == null || !key.equals(fileKey)) {
                        switchTo(key);
                        continue;
                    }
                    if (channel.size() < channel.position()) {
                        channel.position(0);
                        reader.reset();
                        continue;
                    }
                }
                Thread.sleep(pollMillis);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** {@code PATH} is another file now: finish the old one, read backups in between, open the new one. */
    private void switchTo(Object key) throws IOException {
        if (channel != null) {
            readAvailable(); // what was written before the rename
            OldFile old = new OldFile(fileKey, channel.size(), head(channel));
            closeCurrent();
            readNewerBackups(old);
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // gone again: the next poll sees it
        }
        if (!key.equals(fileKey(path))) {
            opened.close(); // replaced while we opened it: try again at once
            return;
        }
        channel = opened;
        in = Channels.newInputStream(opened);
        fileKey = key;
        reader.reset();
    }

    private void readAvailable() throws IOException {
        FileReading.drain(path, in, reader, decoder);
    }

    /** The old file ends here: a torn last line is decoded as it is. */
    private void closeCurrent() throws IOException {
        if (channel == null) {
            return;
        }
        if (reader.hasUnterminated()) {
            reader.takeUnterminated();
            decoder.line(path, reader.lineNumber(), reader.buffer(), reader.lineFrom(), reader.lineTo());
        }
        channel.close();
        channel = null;
        in = null;
    }

    /**
     * After more than one rotation between two polls, the backups newer than the file that was
     * followed have lines not printed yet. That file is found among the backups by its inode, or,
     * once compressed, by its size and first bytes; if it is not found (dropped, or the log was
     * truncated rather than rotated) there is nothing in between to read.
     */
    private void readNewerBackups(OldFile old) throws IOException {
        List<Path> backups = RotatedLogFiles.backupsOldestFirst(path);
        for (int i = backups.size() - 1; i >= 0; i--) {
            if (old.is(backups.get(i))) {
                for (Path newer : backups.subList(i + 1, backups.size())) {
                    FileReading.readWhole(newer, decoder);
                }
                return;
            }
        }
        if (!backups.isEmpty()) {
            decoder.warn(path + " was rotated more often than it could be followed; lines may be missing");
        }
    }

    private static final int HEAD_SIZE = 4096;

    /** The first bytes of a file, read without moving its position. */
    private static byte[] head(FileChannel file) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(HEAD_SIZE, file.size()));
        while (buffer.hasRemaining() && file.read(buffer, buffer.position()) > 0) {
            // positional reads until full
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** What identifies the file that was followed once it became a backup, compressed or not. */
    private record OldFile(Object key, long size, byte[] head) {
        boolean is(Path backup) throws IOException {
            if (!RotatedLogFiles.isCompressed(backup)) {
                return Objects.equals(key, fileKey(backup));
            }
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(backup))) {
                byte[] first = in.readNBytes(head.length);
                if (!java.util.Arrays.equals(first, head)) {
                    return false;
                }
                in.skip(Long.MAX_VALUE);
                return in.read() < 0 && sizeOf(backup) == (size & 0xffffffffL);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                return false; // still being written, or damaged
            }
        }

        /** The gzip trailer's ISIZE: the uncompressed size modulo 2^32. */
        private static long sizeOf(Path gz) throws IOException {
            try (FileChannel c = FileChannel.open(gz, StandardOpenOption.READ)) {
                java.nio.ByteBuffer trailer = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                c.read(trailer, c.size() - 4);
                return trailer.getInt(0) & 0xffffffffL;
            }
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
