package io.jconmon.driver.jsonfile;

import io.jconmon.driver.ErrnoText;
import io.jconmon.spi.ContainerInfo;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes records to a file in Docker's json-file format ({@link JsonLogEncoder}), rotating it as
 * Moby's {@code loggerutils.LogFile} does: once the file holds max-size bytes, the next record
 * first moves {@code PATH.(N-2)} → {@code PATH.(N-1)} … {@code PATH} → {@code PATH.1} (dropping the
 * oldest, N = max-file) or, with max-file 1, unlinks {@code PATH}, and then starts a new
 * {@code PATH}. With compress, {@code PATH.1} is gzipped to {@code PATH.1.gz} on a background
 * thread, as Moby does in a goroutine; the next rotation and {@link #close()} wait for it.
 *
 * <p>Lines are gathered in one reused direct buffer and written on {@link #flush()} or when it
 * fills; a line never straddles two files. Encoding and gathering allocate nothing.
 *
 * <p>A full disk (ENOSPC, EDQUOT) is not fatal: the lines a write could not place are cut off the
 * file (it keeps whole lines only) and counted as dropped, and until a write succeeds again every
 * record is tried on its own and reported {@link WriteResult#DROPPED} when it fails, so writing
 * resumes with the first record after space returns. Any other I/O error is logged once and the
 * driver reports {@link WriteResult#FAILED} from then on.
 *
 * <p>Called on the host's event-loop thread only; the compression thread touches only the files it
 * compresses and one volatile field.
 */
final class JsonFileDriver implements LogDriver {

    /** Bytes gathered before they must go out; a longer line is written on its own. */
    static final int BUFFER_SIZE = 256 * 1024;

    /** The shortest line there is: {@code {"stream":"stdout","time":"1970-01-01T00:00:00Z"}\n}. */
    static final int SHORTEST_LINE = 50;

    static final FileAttribute<Set<PosixFilePermission>> MODE_0640 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));
    /** Moby's {@code NewLogFile}: O_WRONLY|O_APPEND|O_CREATE; also used by {@link #reopen()}. */
    static final Set<OpenOption> APPEND_OPTIONS =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    /** Moby after a rotation: O_WRONLY|O_TRUNC|O_CREATE. */
    static final Set<OpenOption> REPLACE_OPTIONS = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);

    /** Opens the log file; tests substitute channels that run out of space. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path, Set<OpenOption> options) throws IOException;
    }

    /** The real file system, files created with mode 0640 (less the umask, as Moby's). */
    static final Opener FILES = (path, options) -> FileChannel.open(path, options, MODE_0640);

    private static final String NAME = JsonFileDriverFactory.NAME;

    private final Path path;
    private final long maxSize;
    private final int maxFiles;
    private final boolean compress;
    private final DriverContext context;
    private final JsonLogEncoder encoder;
    private final Opener opener;

    private final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_SIZE);
    // The lines in `pending`: where each ends, its stream and its content length, so that a write
    // that stops halfway keeps the whole lines and counts exactly the records it lost.
    private final int[] lineEnds = new int[BUFFER_SIZE / SHORTEST_LINE + 1];
    private final int[] contentLengths = new int[lineEnds.length];
    private final LogStream[] streams = new LogStream[lineEnds.length];
    private int lines;

    private FileChannel channel;
    /** Bytes in the current file, not counting {@link #pending}. */
    private long fileBytes;
    /** The time of the last record taken, for the gzip header of the next backup. */
    private long lastTimestamp;
    private boolean anyTimestamp;

    private Thread compression;
    private volatile String compressionFailure;

    private boolean outOfSpace;
    private boolean broken;
    private boolean closed;

    private JsonFileDriver(JsonFileOptions options, DriverContext context, JsonLogEncoder encoder, Opener opener,
            FileChannel channel, long initialSize) {
        this.path = options.path();
        this.maxSize = options.maxSize();
        this.maxFiles = options.maxFiles();
        this.compress = options.compress();
        this.context = context;
        this.encoder = encoder;
        this.opener = opener;
        this.channel = channel;
        // Moby's NewLogFile: the size counts from the end of an existing file.
        this.fileBytes = initialSize;
    }

    static JsonFileDriver open(JsonFileOptions options, ContainerInfo container, DriverContext context,
            Opener opener) throws LogDriverException {
        JsonLogEncoder encoder = new JsonLogEncoder(JsonLogEncoder.attrsJson(attributes(options, container)));
        FileChannel channel;
        try {
            channel = opener.open(options.path(), APPEND_OPTIONS);
        } catch (IOException e) {
            throw new LogDriverException(
                    NAME + ": cannot open log file " + options.path() + ": " + ErrnoText.of(e), e);
        }
        try {
            return new JsonFileDriver(options, context, encoder, opener, channel, channel.size());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LogDriverException(
                    NAME + ": cannot open log file " + options.path() + ": " + ErrnoText.of(e), e);
        }
    }

    /** Moby's {@code Info.ExtraAttributes} for labels, then the tag (which wins over a label "tag"). */
    static Map<String, String> attributes(JsonFileOptions options, ContainerInfo container) {
        Map<String, String> attrs = new HashMap<>();
        Map<String, String> labels = container.labels();
        for (String key : options.labels()) {
            String value = labels.get(key);
            if (value != null) {
                attrs.put(key, value);
            }
        }
        if (options.tag() != null) {
            String tag = options.tag().expand(container);
            if (!tag.isEmpty()) {
                attrs.put(JsonFileOptions.TAG, tag);
            }
        }
        return attrs;
    }

    @Override
    public WriteResult write(LogRecord record) {
        if (broken || closed) {
            return WriteResult.FAILED;
        }
        int length = encoder.encode(record);
        // Moby's WriteLogEntry: a file that reached max-size is rotated before the next record, so it
        // ends with a whole record and may exceed max-size by less than one record.
        if (maxSize > 0 && fileBytes + pending.position() >= maxSize) {
            if (writeOut() == WriteResult.FAILED) {
                return WriteResult.FAILED;
            }
            try {
                rotate();
            } catch (IOException e) {
                return fail("Failed to create log file " + path + " after rotation", e);
            }
        }
        if (!outOfSpace && length <= pending.capacity()) {
            if (length > pending.remaining() && writeOut() == WriteResult.FAILED) {
                return WriteResult.FAILED;
            }
            if (!outOfSpace) {
                pending.put(encoder.line(), 0, length);
                lineEnds[lines] = pending.position();
                contentLengths[lines] = record.length();
                streams[lines] = record.stream();
                lines++;
                noteTimestamp(record);
                return WriteResult.ACCEPTED;
            }
        }
        // A line longer than the buffer goes after what is gathered (with a full disk, nothing is).
        if (writeOut() == WriteResult.FAILED) {
            return WriteResult.FAILED;
        }
        return writeAlone(record, length);
    }

    @Override
    public WriteResult flush() {
        if (broken || closed) {
            return WriteResult.FAILED;
        }
        reportCompressionFailure();
        return writeOut();
    }

    /**
     * For {@code ctl} type 2 after an external tool renamed the file: what is gathered goes to the
     * old file, then {@code PATH} is opened (created if need be) and appended to.
     */
    @Override
    public void reopen() throws LogDriverException {
        if (closed || broken) {
            throw new LogDriverException(NAME + ": cannot reopen log file " + path + ": the driver "
                    + (closed ? "is closed" : "failed earlier"));
        }
        if (writeOut() == WriteResult.FAILED) {
            throw new LogDriverException(NAME + ": cannot reopen log file " + path + ": writing to it failed");
        }
        FileChannel fresh;
        long size;
        try {
            fresh = opener.open(path, APPEND_OPTIONS);
        } catch (IOException e) {
            throw new LogDriverException(NAME + ": cannot reopen log file " + path + ": " + ErrnoText.of(e), e);
        }
        try {
            size = fresh.size();
        } catch (IOException e) {
            closeQuietly(fresh);
            throw new LogDriverException(NAME + ": cannot reopen log file " + path + ": " + ErrnoText.of(e), e);
        }
        closeQuietly(channel);
        channel = fresh;
        fileBytes = size;
    }

    /** Writes out what is gathered, waits for a running compression, closes. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (!broken) {
                writeOut();
            }
        } finally {
            closed = true;
            closeQuietly(channel);
            awaitCompression();
        }
    }

    /** Waits until the latest backup is compressed (tests; {@link #close()} does it too). */
    void awaitCompression() {
        Thread running = compression;
        if (running == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                running.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        compression = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        reportCompressionFailure();
    }

    /**
     * Writes the gathered lines. When the write stops partway, the file is cut back to the last whole
     * line and the records not in the file are counted as dropped (they were accepted earlier).
     *
     * @return ACCEPTED; DROPPED when the disk is full; FAILED on any other error
     */
    private WriteResult writeOut() {
        if (pending.position() == 0) {
            return WriteResult.ACCEPTED;
        }
        pending.flip();
        try {
            while (pending.hasRemaining()) {
                channel.write(pending);
            }
            fileBytes += pending.limit();
            return WriteResult.ACCEPTED;
        } catch (IOException e) {
            int written = pending.position();
            int kept = 0;
            int keptLines = 0;
            while (keptLines < lines && lineEnds[keptLines] <= written) {
                kept = lineEnds[keptLines++];
            }
            cutBack(fileBytes + kept, fileBytes + written);
            countLost(keptLines);
            return writeFailed(e);
        } finally {
            pending.clear();
            lines = 0;
        }
    }

    /**
     * Writes one line straight to the file: a line longer than the buffer, or any line while the disk
     * is full, so that the first record after space returns gets written. Nothing may be gathered.
     */
    private WriteResult writeAlone(LogRecord record, int length) {
        ByteBuffer line = length <= pending.capacity()
                ? pending.put(encoder.line(), 0, length).flip()
                : encoder.lineBuffer(length);
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            // The record is not taken: the host counts it when it sees DROPPED or FAILED.
            cutBack(fileBytes, fileBytes + line.position());
            return writeFailed(e);
        } finally {
            pending.clear();
        }
        fileBytes += length;
        noteTimestamp(record);
        if (outOfSpace) {
            outOfSpace = false;
            context.logger().log(Level.INFO, NAME + ": writing to " + path + " again");
        }
        return WriteResult.ACCEPTED;
    }

    private WriteResult writeFailed(IOException e) {
        if (!ErrnoText.isOutOfSpace(e)) {
            return fail("Failed to write to log file " + path, e);
        }
        if (!outOfSpace) {
            outOfSpace = true;
            context.logger().log(Level.WARNING, NAME + ": " + path + ": " + ErrnoText.of(e)
                    + "; dropping records until writing succeeds again");
        }
        return WriteResult.DROPPED;
    }

    /** Removes a torn line from the end of the file; {@code keep} and {@code end} are file sizes. */
    private void cutBack(long keep, long end) {
        fileBytes = end;
        if (end == keep) {
            return;
        }
        try {
            channel.truncate(keep);
            fileBytes = keep;
        } catch (IOException e) {
            context.logger().log(Level.WARNING, NAME + ": could not remove a partly written line from "
                    + path + ": " + ErrnoText.of(e));
        }
    }

    /** Counts the gathered records from index {@code from} on as dropped, per stream. */
    private void countLost(int from) {
        for (LogStream stream : LogStream.values()) {
            long records = 0;
            long bytes = 0;
            for (int i = from; i < lines; i++) {
                if (streams[i] == stream) {
                    records++;
                    bytes += contentLengths[i];
                }
            }
            if (records > 0) {
                context.countDropped(stream, records, bytes);
            }
        }
    }

    /**
     * Moby's {@code LogFile.rotate}. Failing to move or remove files is logged and the new file is
     * created anyway (truncating {@code PATH} if it is still there, as Moby does); failing to create
     * it is an error.
     */
    private void rotate() throws IOException {
        awaitCompression(); // Moby's rotateMu: one rotation, compression included, at a time
        closeQuietly(channel);
        try {
            shiftBackups();
            if (maxFiles < 2) {
                // Unlink rather than truncate: readers of the old file keep what they have.
                Files.deleteIfExists(path);
            } else {
                moveIfPresent(path, backup(1, ""));
            }
        } catch (IOException e) {
            context.logger().log(Level.WARNING, NAME + ": error rotating log file " + path
                    + ", log data may have been lost: " + ErrnoText.of(e));
        }
        channel = opener.open(path, REPLACE_OPTIONS);
        fileBytes = 0;
        if (compress) {
            startCompression(backup(1, ""));
        }
    }

    /** Moby's {@code rotate}: drop {@code PATH.(N-1)}, then move each backup one number up. */
    private void shiftBackups() throws IOException {
        if (maxFiles < 2) {
            return;
        }
        String extension = compress ? ".gz" : "";
        Files.deleteIfExists(backup(maxFiles - 1, extension));
        for (int i = maxFiles - 1; i > 1; i--) {
            moveIfPresent(backup(i - 1, extension), backup(i, extension));
        }
    }

    private Path backup(int number, String extension) {
        return path.resolveSibling(path.getFileName() + "." + number + extension);
    }

    private static void moveIfPresent(Path from, Path to) throws IOException {
        try {
            // rename(2): replaces an existing target, as Go's os.Rename.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Fewer backups than max-file so far.
        }
    }

    private void startCompression(Path rotated) {
        String lastTime = anyTimestamp ? encoder.timeText(lastTimestamp) : Rfc3339NanoFormatter.ZERO_TIME;
        compression = Thread.ofPlatform().name(NAME + "-gzip").daemon().start(() -> {
            try {
                GzipBackup.compress(rotated, lastTime, opener);
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? ErrnoText.of(io) : e.toString();
                compressionFailure = "error compressing log file " + rotated + " after rotation (it is kept"
                        + " uncompressed): " + why;
            }
        });
    }

    /** The compression thread does not log itself: the driver's logger belongs to the event loop. */
    private void reportCompressionFailure() {
        String failure = compressionFailure;
        if (failure != null) {
            compressionFailure = null;
            context.logger().log(Level.ERROR, NAME + ": " + failure);
        }
    }

    private void noteTimestamp(LogRecord record) {
        lastTimestamp = record.timestampNanos();
        anyTimestamp = true;
    }

    /** Reports the first failure only: the host disables the driver when it sees FAILED. */
    private WriteResult fail(String what, IOException e) {
        if (!broken) {
            broken = true;
            context.logger().log(Level.ERROR, NAME + ": " + what + ": " + ErrnoText.of(e));
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
}
