package io.jconmon.driver.k8sfile;

import io.jconmon.driver.ErrnoText;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Writes records to one file in the CRI log format (conmon-interface.md §5.2):
 * {@code <timestamp> <stream> <F|P> <content>\n}.
 *
 * <p>Records are gathered in one reused array and written out on {@link #flush()} or when it
 * fills; formatting a record allocates nothing and copies with {@code System.arraycopy}, which the
 * monitor's C1 JIT turns into a plain copy where {@code ByteBuffer.put} costs a chain of calls
 * and checks per record (docs/PERFORMANCE.md). Called on the host's event-loop thread only.
 *
 * <p><b>Rotation</b> (option {@code rotate}, conmon 2.2's {@code --log-rotate}, §5.2.6): when
 * {@code max-size} would be exceeded, {@code <path>} becomes {@code <path>.1}, older backups move
 * up one number ({@code .N} is dropped, {@code N = max(max-files, 2)}: conmon's quirk that a
 * {@code .2} appears even with {@code max-files 1} is kept) and a fresh {@code <path>} (0640) is
 * started. Differences from conmon, all deliberate:
 * <ul>
 *   <li>A line written as P…F records is never split across files: a rotation that falls due
 *       while a stream's line is still partial waits for the record that ends it, so the file may
 *       exceed max-size by that line.
 *   <li>A failed rotation is not fatal: it is logged once (until one succeeds), the old file stays
 *       in use and the rotation is retried before the next record.
 *   <li>{@link #reopen()} after an external rename (kubelet's way) opens a new {@code <path>}
 *       without touching backups, where conmon fails because its fd no longer matches the path.
 *       A reopen rotates at once, even in the middle of a partial line.
 *   <li>Whether {@code <path>} is still the open file is decided by comparing the file key
 *       (dev/inode) taken at open, not via {@code /proc/self/fd}; the owner of a new file's parent
 *       directory is not checked (the world-writable, symlink and allowlist checks are).
 *   <li>{@code compress} (jconmon only) gzips {@code <path>.1} to {@code <path>.1.gz} right after
 *       the rotation, synchronously on the loop thread (up to max-size bytes are read and
 *       deflated), so every backup is {@code .N.gz}; if compressing fails the backup stays
 *       uncompressed and the failure is logged.
 * </ul>
 */
final class K8sFileDriver implements LogDriver {

    /** Bytes gathered before they must go out; a larger record is written through in pieces. */
    static final int BUFFER_SIZE = 256 * 1024;

    /** Timestamp, stream and tag with their three spaces: every record is this + content + '\n'. */
    private static final int TAG_LENGTH = 10; // " stdout F "
    static final int HEADER_LENGTH = K8sTimestampFormatter.LENGTH + TAG_LENGTH;

    private static final byte[] STDOUT_FULL = ascii(" stdout F ");
    private static final byte[] STDOUT_PARTIAL = ascii(" stdout P ");
    private static final byte[] STDERR_FULL = ascii(" stderr F ");
    private static final byte[] STDERR_PARTIAL = ascii(" stderr P ");

    private static final FileAttribute<Set<PosixFilePermission>> MODE_0640 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));
    // §5.2.1: O_WRONLY|O_APPEND|O_CREAT; §5.2.4: the replacement is O_WRONLY|O_TRUNC|O_CREAT.
    private static final Set<OpenOption> APPEND_OPTIONS =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    private static final Set<OpenOption> REPLACE_OPTIONS = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);

    private final Path path;
    private final Path replacementPath;
    private final boolean rotate;
    private final List<Path> allowlistDirs;
    private final boolean compress;
    /** {@code <path>.new}, then {@code <path>.1 … <path>.N} and their {@code .gz} twins (index 0 unused). */
    private final Path newPath;
    private final Path[] backups;
    private final Path[] compressedBackups;
    private final Path compressingPath;
    private final long maxSize;
    private final long globalMaxSize;
    private final boolean syncOnClose;
    private final DriverContext context;
    private final K8sTimestampFormatter timestamps;
    private final byte[] pending = new byte[BUFFER_SIZE];
    private final ByteBuffer pendingView = ByteBuffer.wrap(pending);
    private int pendingLength;

    private FileChannel channel;
    /** Bytes in the current file, for max-size: reset when the file is replaced. */
    private long fileBytes;
    /** Bytes since the driver opened (plus the file's initial size), for global-max-size: never reset. */
    private long totalBytes;
    /** Set after an I/O failure was reported; the host disables the driver on FAILED. */
    private boolean broken;
    private boolean closed;
    /** Identity (dev/inode) of the open file, to notice an external rename; null if unknown. */
    private Object openFileKey;
    /** Per stream: the last record written was partial, so its line is not finished in this file. */
    private boolean stdoutMidLine;
    private boolean stderrMidLine;
    /** A rotation failure was logged; cleared by the next successful rotation. */
    private boolean rotationFailureReported;
    /** What the gathered, unwritten batch holds, per stream: counted as dropped if it cannot be written. */
    private final long[] pendingRecords = new long[LogStream.values().length];
    private final long[] pendingContentBytes = new long[LogStream.values().length];
    private long pendingFileBytes;
    /** A failed write (a full disk) was logged; cleared by the next successful one. */
    private boolean writeFailureReported;

    private K8sFileDriver(
            K8sFileOptions options,
            DriverContext context,
            K8sTimestampFormatter timestamps,
            Path replacementPath,
            FileChannel channel,
            long initialSize) {
        this.path = options.path();
        this.replacementPath = replacementPath;
        this.rotate = options.rotate();
        this.allowlistDirs = options.allowlistDirs();
        this.compress = options.compress();
        int top = Math.max(options.maxFiles(), 2);
        this.backups = new Path[top + 1];
        this.compressedBackups = new Path[top + 1];
        String base = options.path().toString();
        for (int i = 1; i <= top; i++) {
            backups[i] = Path.of(base + "." + i);
            compressedBackups[i] = Path.of(base + "." + i + ".gz");
        }
        this.newPath = Path.of(base + ".new");
        this.compressingPath = Path.of(base + ".1.gz.tmp");
        this.openFileKey = fileKey(options.path());
        this.maxSize = options.maxSize();
        this.globalMaxSize = options.globalMaxSize();
        this.syncOnClose = options.syncOnClose();
        this.context = context;
        this.timestamps = timestamps;
        this.channel = channel;
        // §5.2.1: both counters start at the file's current size (conmon ≥ 2.1.10).
        this.fileBytes = initialSize;
        this.totalBytes = initialSize;
    }

    static K8sFileDriver open(K8sFileOptions options, DriverContext context, K8sTimestampFormatter timestamps)
            throws LogDriverException {
        Path replacementPath;
        try {
            replacementPath = Path.of(options.path() + ".tmp");
        } catch (InvalidPathException e) {
            throw new LogDriverException("Failed to open log file " + e.getReason(), e);
        }
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(options.path(), APPEND_OPTIONS, MODE_0640);
        } catch (IOException e) {
            throw new LogDriverException("Failed to open log file " + ErrnoText.of(e), e);
        }
        try {
            size = channel.size();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LogDriverException("Failed to open log file " + ErrnoText.of(e), e);
        }
        return new K8sFileDriver(options, context, timestamps, replacementPath, channel, size);
    }

    @Override
    public WriteResult write(LogRecord record) {
        if (broken || closed) {
            return WriteResult.FAILED;
        }
        // §5.2.5: once the running total reached the limit, everything else is dropped.
        if (globalMaxSize > 0 && totalBytes >= globalMaxSize) {
            return WriteResult.DROPPED;
        }
        ByteBuffer content = record.content();
        long recordSize = (long) HEADER_LENGTH + content.remaining() + 1;
        // §5.2.4: replace the file before a record would push it past max-size; the record then
        // goes to the new file even if it alone is larger.
        if (maxSize > 0 && fileBytes + recordSize > maxSize && rotate) {
            // §5.2.6, but a P…F line stays in one file: wait while one is open.
            if (!stdoutMidLine && !stderrMidLine) {
                if (!flushPending()) {
                    return WriteResult.FAILED;
                }
                try {
                    rotateFile(false);
                    rotationFailureReported = false;
                } catch (IOException e) {
                    reportRotationFailure(e);
                }
            }
        } else if (maxSize > 0 && fileBytes + recordSize > maxSize) {
            if (!flushPending()) {
                return WriteResult.FAILED;
            }
            try {
                replaceFile();
            } catch (IOException e) {
                return fail("Failed to replace log file " + path + " (max-size " + maxSize + ")", e);
            }
        }
        // Keep a record whole in one write when it fits in the buffer at all. (A full disk loses
        // only the earlier batch: this record then starts the next one.)
        if (BUFFER_SIZE - pendingLength < recordSize && pendingLength > 0 && !flushPending()) {
            return WriteResult.FAILED;
        }
        fileBytes += recordSize;
        totalBytes += recordSize;
        try {
            append(record, content, recordSize);
        } catch (IOException e) {
            // The batch (this record included) is lost and counted; the next one is tried afresh.
            if (!dropPending(e)) {
                return WriteResult.FAILED;
            }
        }
        if (record.stream() == LogStream.STDERR) {
            stderrMidLine = record.isPartial();
        } else {
            stdoutMidLine = record.isPartial();
        }
        return WriteResult.ACCEPTED;
    }

    @Override
    public WriteResult flush() {
        if (broken || closed) {
            return WriteResult.FAILED;
        }
        return flushPending() ? WriteResult.ACCEPTED : WriteResult.FAILED;
    }

    /**
     * §5.2.7: what was gathered goes to the current file, then {@code <path>} is replaced by a new,
     * empty file. After an external rename the old file keeps its content; otherwise it is lost, as
     * with conmon. With {@code rotate}: a rotation, or, when {@code <path>} no longer is the open
     * file (renamed or removed from outside), just a new {@code <path>}.
     */
    @Override
    public void reopen() throws LogDriverException {
        if (closed) {
            throw new LogDriverException("Failed to reopen log file " + path + ": the driver is closed");
        }
        if (!broken && !flushPending()) {
            throw new LogDriverException("Failed to write to log file " + path);
        }
        try {
            if (rotate) {
                rotateFile(true);
                rotationFailureReported = false;
            } else {
                replaceFile();
            }
        } catch (IOException e) {
            throw new LogDriverException("Failed to reopen log file " + path + ": " + ErrnoText.of(e), e);
        }
    }

    /** §5.2.8: flush, fsync unless {@code --no-sync-log}, close. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!broken && flushPending()) {
                if (syncOnClose) {
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            fail("Failed to write out log file " + path + " at exit", e);
        } finally {
            pendingLength = 0;
            closeQuietly(channel);
        }
    }

    private void append(LogRecord record, ByteBuffer content, long recordSize) throws IOException {
        int s = record.stream().ordinal();
        pendingRecords[s]++;
        pendingContentBytes[s] += content.remaining();
        pendingFileBytes += recordSize;
        System.arraycopy(timestamps.format(record.timestampNanos()), 0, pending, pendingLength,
                K8sTimestampFormatter.LENGTH);
        pendingLength += K8sTimestampFormatter.LENGTH;
        System.arraycopy(tag(record.stream(), record.isPartial()), 0, pending, pendingLength, TAG_LENGTH);
        pendingLength += TAG_LENGTH;
        int from = content.position();
        int left = content.remaining();
        while (left > 0) {
            if (pendingLength == BUFFER_SIZE) {
                writePending();
            }
            int n = Math.min(left, BUFFER_SIZE - pendingLength);
            content.get(from, pending, pendingLength, n); // absolute: one bulk copy, position untouched
            pendingLength += n;
            from += n;
            left -= n;
        }
        if (pendingLength == BUFFER_SIZE) {
            writePending();
        }
        // F: the line's own newline; P: conmon appends one too (§5.2.2).
        pending[pendingLength++] = '\n';
    }

    private static byte[] tag(LogStream stream, boolean partial) {
        if (stream == LogStream.STDERR) {
            return partial ? STDERR_PARTIAL : STDERR_FULL;
        }
        return partial ? STDOUT_PARTIAL : STDOUT_FULL;
    }

    /** Writes out everything gathered; on failure the gathered bytes are discarded (as conmon's batch). */
    private void writePending() throws IOException {
        if (pendingLength == 0) {
            return;
        }
        pendingView.limit(pendingLength).position(0);
        long written = 0;
        try {
            while (pendingView.hasRemaining()) {
                written += channel.write(pendingView);
            }
        } catch (IOException e) {
            undoShortWrite(written);
            throw e;
        } finally {
            pendingLength = 0;
        }
        clearPendingCounts();
        writeFailureReported = false;
    }

    /**
     * A disk that fills up mid-batch takes part of it: cut that part off again, so the file never
     * holds half a line that the next batch would run into.
     */
    private void undoShortWrite(long written) {
        if (written > 0) {
            try {
                channel.truncate(channel.size() - written);
            } catch (IOException ignored) {
                // The half line stays; the batch loss is reported either way.
            }
        }
    }

    private void clearPendingCounts() {
        java.util.Arrays.fill(pendingRecords, 0);
        java.util.Arrays.fill(pendingContentBytes, 0);
        pendingFileBytes = 0;
    }

    /** {@link #writePending}, losing (and counting) the batch if it cannot be written; false if the driver is broken. */
    private boolean flushPending() {
        try {
            writePending();
            return true;
        } catch (IOException e) {
            return dropPending(e);
        }
    }

    /**
     * conmon §5.2.3: a batch that cannot be written (a full disk, a quota) is lost with a warning and
     * the driver goes on; here the loss is also counted. A closed channel is not recoverable.
     *
     * @return false if the driver is broken for good
     */
    private boolean dropPending(IOException e) {
        pendingLength = 0;
        if (e instanceof java.nio.channels.ClosedChannelException) {
            fail("Failed to write to log file " + path, e);
            return false;
        }
        for (LogStream stream : LogStream.values()) {
            int s = stream.ordinal();
            if (pendingRecords[s] > 0) {
                context.countDropped(stream, pendingRecords[s], pendingContentBytes[s]);
            }
        }
        // The file did not grow by the lost batch.
        fileBytes -= pendingFileBytes;
        totalBytes -= pendingFileBytes;
        clearPendingCounts();
        if (!writeFailureReported) {
            writeFailureReported = true; // once per outage; the drop counter reports the total
            context.logger().log(Level.WARNING, "k8s-file: Failed to write to log file " + path + ": " + ErrnoText.of(e)
                    + "; output is dropped and counted until writing works again");
        }
        return true;
    }

    /**
     * conmon's reopen without {@code --log-rotate}: create {@code <path>.tmp} empty, rename it over
     * {@code <path>}. Readers holding the old file keep it. On failure the current file stays in use.
     */
    private void replaceFile() throws IOException {
        FileChannel replacement = FileChannel.open(replacementPath, REPLACE_OPTIONS, MODE_0640);
        try {
            Files.move(replacementPath, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            closeQuietly(replacement);
            throw e;
        }
        switchTo(replacement, 0);
    }

    /**
     * §5.2.6: moves {@code <path>} to {@code <path>.1} behind the older backups and starts a new,
     * empty {@code <path>}. Anything that fails before the switch leaves the current file in use.
     * When {@code <path>} is no longer the open file and {@code externalRenameOk}, a new
     * {@code <path>} is opened instead and the backups are left alone.
     */
    private void rotateFile(boolean externalRenameOk) throws IOException {
        validatePath();
        Object current = fileKey(path);
        boolean ours = current != null && Objects.equals(current, openFileKey);
        if (!ours) {
            if (!externalRenameOk) {
                throw new IOException(current == null
                        ? path + " no longer exists"
                        : path + " is no longer the open log file");
            }
            FileChannel fresh = FileChannel.open(path, APPEND_OPTIONS, MODE_0640);
            long size;
            try {
                size = fresh.size();
            } catch (IOException e) {
                closeQuietly(fresh);
                throw e;
            }
            switchTo(fresh, size);
            return;
        }
        // As conmon: skip while another process holds a lock on the file (F_SETLK, non-blocking).
        FileLock lock = channel.tryLock();
        if (lock == null) {
            throw new IOException(path + " is locked by another process");
        }
        FileChannel fresh;
        try {
            Files.deleteIfExists(newPath); // left over from a crash between create and rename
            fresh = FileChannel.open(newPath, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    StandardOpenOption.CREATE_NEW), MODE_0640);
        } catch (IOException e) {
            lock.release();
            throw e;
        }
        try {
            for (int i = backups.length - 1; i >= 2; i--) {
                shiftBackup(i - 1, i);
            }
            Files.move(path, backups[1], StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(compressedBackups[1]);
            try {
                Files.move(newPath, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                try {
                    Files.move(backups[1], path, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(fresh);
            try {
                Files.deleteIfExists(newPath);
            } catch (IOException ignored) {
                // Removed again before the next attempt.
            }
            lock.release();
            throw e;
        }
        switchTo(fresh, 0);
        if (compress) {
            compressNewestBackup();
        }
    }

    /** Moves backup {@code from} to {@code to}, whichever form it has, dropping what was at {@code to}. */
    private void shiftBackup(int from, int to) throws IOException {
        if (Files.exists(compressedBackups[from], LinkOption.NOFOLLOW_LINKS)) {
            Files.move(compressedBackups[from], compressedBackups[to], StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(backups[to]);
        } else if (Files.exists(backups[from], LinkOption.NOFOLLOW_LINKS)) {
            Files.move(backups[from], backups[to], StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(compressedBackups[to]);
        }
    }

    /** {@code compress}: {@code <path>.1} → {@code <path>.1.gz} (0640), on this thread. */
    private void compressNewestBackup() {
        try {
            Files.deleteIfExists(compressingPath);
            try (OutputStream out = new GZIPOutputStream(Channels.newOutputStream(FileChannel.open(
                            compressingPath,
                            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
                            MODE_0640)), 64 * 1024);
                    InputStream in = Files.newInputStream(backups[1])) {
                in.transferTo(out);
            }
            Files.move(compressingPath, compressedBackups[1], StandardCopyOption.ATOMIC_MOVE);
            Files.delete(backups[1]);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(compressingPath);
            } catch (IOException ignored) {
                // Replaced by the next attempt.
            }
            context.logger().log(Level.WARNING, "k8s-file: Failed to compress rotated log file "
                    + backups[1] + ", left uncompressed: " + ErrnoText.of(e));
        }
    }

    /**
     * §5.2.6's checks: no {@code ..} components; an existing file must not be a symlink; for a file
     * still to be created, its directory must not be world-writable nor reached through a symlink,
     * and must lie inside an allowlisted directory when any are configured.
     */
    private void validatePath() throws IOException {
        String text = path.toString();
        if (text.contains("../") || text.contains("/..")) {
            throw new IOException("Log path " + path + " contains \"..\"");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(path)) {
                throw new IOException("Log path " + path + " is a symbolic link");
            }
            return;
        }
        Path parent = path.toAbsolutePath().getParent();
        Path real = parent.toRealPath();
        if (!real.equals(parent.normalize())) {
            throw new IOException("Log directory " + parent + " contains a symbolic link");
        }
        if (Files.getPosixFilePermissions(real).contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("Log directory " + parent + " is world-writable");
        }
        if (!allowlistDirs.isEmpty()) {
            for (Path allowed : allowlistDirs) {
                Path dir;
                try {
                    dir = allowed.toRealPath();
                } catch (IOException e) {
                    continue;
                }
                if (real.startsWith(dir)) {
                    return;
                }
            }
            throw new IOException("Log directory " + parent + " is not inside an allowed directory");
        }
    }

    private void reportRotationFailure(IOException e) {
        if (!rotationFailureReported) {
            rotationFailureReported = true;
            context.logger().log(Level.WARNING, "k8s-file: Failed to rotate log file " + path
                    + ", still writing to it: " + ErrnoText.of(e));
        }
    }

    private void switchTo(FileChannel replacement, long size) {
        FileChannel old = channel;
        channel = replacement;
        fileBytes = size;
        openFileKey = fileKey(path);
        stdoutMidLine = false;
        stderrMidLine = false;
        closeQuietly(old);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reports the first failure only: the host disables the driver when it sees FAILED. */
    private WriteResult fail(String what, IOException e) {
        if (!broken) {
            broken = true;
            context.logger().log(Level.ERROR, "k8s-file: " + what + ": " + ErrnoText.of(e));
        }
        return WriteResult.FAILED;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful left to do with a descriptor that will not close.
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
