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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes records to one file in the CRI log format (conmon-interface.md §5.2):
 * {@code <timestamp> <stream> <F|P> <content>\n}.
 *
 * <p>Records are gathered in one reused direct buffer and written out on {@link #flush()} or when
 * it fills; formatting a record allocates nothing. Called on the host's event-loop thread only.
 */
final class K8sFileDriver implements LogDriver {

    /** Bytes gathered before they must go out; a larger record is written through in pieces. */
    static final int BUFFER_SIZE = 256 * 1024;

    /** Timestamp, stream and tag with their three spaces: every record is this + content + '\n'. */
    static final int HEADER_LENGTH = K8sTimestampFormatter.LENGTH + 10;

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
    private final long maxSize;
    private final long globalMaxSize;
    private final boolean syncOnClose;
    private final DriverContext context;
    private final K8sTimestampFormatter timestamps;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_SIZE);

    private FileChannel channel;
    /** Bytes in the current file, for max-size: reset when the file is replaced. */
    private long fileBytes;
    /** Bytes since the driver opened (plus the file's initial size), for global-max-size: never reset. */
    private long totalBytes;
    /** Set after an I/O failure was reported; the host disables the driver on FAILED. */
    private boolean broken;
    private boolean closed;

    private K8sFileDriver(
            K8sFileOptions options,
            DriverContext context,
            K8sTimestampFormatter timestamps,
            Path replacementPath,
            FileChannel channel,
            long initialSize) {
        this.path = options.path();
        this.replacementPath = replacementPath;
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
        if (maxSize > 0 && fileBytes + recordSize > maxSize) {
            try {
                writePending();
            } catch (IOException e) {
                return fail("Failed to write to log file " + path, e);
            }
            try {
                replaceFile();
            } catch (IOException e) {
                return fail("Failed to replace log file " + path + " (max-size " + maxSize + ")", e);
            }
        }
        try {
            append(record, content, recordSize);
        } catch (IOException e) {
            return fail("Failed to write to log file " + path, e);
        }
        fileBytes += recordSize;
        totalBytes += recordSize;
        return WriteResult.ACCEPTED;
    }

    @Override
    public WriteResult flush() {
        if (broken || closed) {
            return WriteResult.FAILED;
        }
        try {
            writePending();
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            return fail("Failed to write to log file " + path, e);
        }
    }

    /**
     * §5.2.7: what was gathered goes to the current file, then {@code <path>} is replaced by a new,
     * empty file. After an external rename the old file keeps its content; otherwise it is lost, as
     * with conmon.
     */
    @Override
    public void reopen() throws LogDriverException {
        if (closed) {
            throw new LogDriverException("Failed to reopen log file " + path + ": the driver is closed");
        }
        if (!broken) {
            try {
                writePending();
            } catch (IOException e) {
                fail("Failed to write to log file " + path, e);
                throw new LogDriverException(
                        "Failed to write to log file " + path + ": " + ErrnoText.of(e), e);
            }
        }
        try {
            replaceFile();
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
            if (!broken) {
                writePending();
                if (syncOnClose) {
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            fail("Failed to write out log file " + path + " at exit", e);
        } finally {
            pending.clear();
            closeQuietly(channel);
        }
    }

    private void append(LogRecord record, ByteBuffer content, long recordSize) throws IOException {
        // Keep a record whole in one write when it fits in the buffer at all.
        if (pending.remaining() < recordSize && pending.position() > 0) {
            writePending();
        }
        pending.put(timestamps.format(record.timestampNanos()));
        pending.put(tag(record.stream(), record.isPartial()));
        while (content.hasRemaining()) {
            if (!pending.hasRemaining()) {
                writePending();
            }
            int limit = content.limit();
            content.limit(content.position() + Math.min(content.remaining(), pending.remaining()));
            pending.put(content);
            content.limit(limit);
        }
        if (!pending.hasRemaining()) {
            writePending();
        }
        // F: the line's own newline; P: conmon appends one too (§5.2.2).
        pending.put((byte) '\n');
    }

    private static byte[] tag(LogStream stream, boolean partial) {
        if (stream == LogStream.STDERR) {
            return partial ? STDERR_PARTIAL : STDERR_FULL;
        }
        return partial ? STDOUT_PARTIAL : STDOUT_FULL;
    }

    /** Writes out everything gathered; on failure the gathered bytes are discarded (as conmon's batch). */
    private void writePending() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        try {
            while (pending.hasRemaining()) {
                channel.write(pending);
            }
        } finally {
            pending.clear();
        }
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
        FileChannel old = channel;
        channel = replacement;
        fileBytes = 0;
        closeQuietly(old);
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
