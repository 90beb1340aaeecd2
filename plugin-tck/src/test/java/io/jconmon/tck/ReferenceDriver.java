package io.jconmon.tck;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A small driver that follows the contract, for testing the kit itself, with switchable flaws that
 * each break one rule. It gathers records in memory and appends them to a file on flush and close,
 * in a format that keeps everything: stream, partial flag, timestamp, content.
 */
final class ReferenceDriver implements LogDriver {

    /** One broken rule each. */
    enum Flaw {
        /** Keeps a view of the host's buffer and reads it at flush time. */
        KEEPS_THE_RECORD_BUFFER,
        /** Reads the content once to measure it and again to copy it. */
        READS_THE_CONTENT_TWICE,
        /** Reads the content from index 0 of the buffer, not from its position. */
        IGNORES_THE_POSITION,
        /** Drops what is not flushed yet at close. */
        LOSES_UNFLUSHED_RECORDS_AT_CLOSE,
        /** Counts every record it accepted as dropped, too. */
        COUNTS_ACCEPTED_RECORDS_AS_DROPPED,
        /** Throws from close. */
        THROWS_ON_CLOSE,
        /** Keeps a copy of every record forever. */
        KEEPS_EVERY_RECORD_IN_MEMORY,
        /** Refuses calls from any thread but the one that opened it. */
        BOUND_TO_THE_OPENING_THREAD,
        /** Writes every record as stdout. */
        WRITES_STDERR_AS_STDOUT,
        /** Writes every record as complete. */
        FORGETS_THE_PARTIAL_FLAG,
        /** Truncates its file on reopen although it claims to keep earlier output. */
        TRUNCATES_ON_REOPEN,
        /** Skips empty records. */
        SKIPS_EMPTY_RECORDS
    }

    private final Path file;
    private final DriverContext context;
    private final Set<Flaw> flaws;
    private final Thread opener = Thread.currentThread();
    private final ByteArrayOutputStream gathered = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(gathered);
    private final List<ByteBuffer> keptViews = new ArrayList<>();
    private final List<LogStream> keptStreams = new ArrayList<>();
    private final List<byte[]> everything = new ArrayList<>();
    private final boolean retryFirst;
    private boolean offeredBefore;

    /** @param retryFirst answer RETRY_LATER to each record's first offer, as the contract allows */
    ReferenceDriver(Path file, DriverContext context, Set<Flaw> flaws, boolean retryFirst) {
        this.file = file;
        this.context = context;
        this.retryFirst = retryFirst;
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    }

    @Override
    public WriteResult write(LogRecord record) {
        if (flaws.contains(Flaw.BOUND_TO_THE_OPENING_THREAD) && Thread.currentThread() != opener) {
            return WriteResult.FAILED;
        }
        if (retryFirst && !offeredBefore) {
            offeredBefore = true;
            // A driver may move the position; the host rewinds before the next offer.
            record.content().position(record.content().limit());
            return WriteResult.RETRY_LATER;
        }
        offeredBefore = false;
        if (flaws.contains(Flaw.SKIPS_EMPTY_RECORDS) && record.length() == 0) {
            return WriteResult.ACCEPTED;
        }
        LogStream stream = flaws.contains(Flaw.WRITES_STDERR_AS_STDOUT) ? LogStream.STDOUT : record.stream();
        boolean partial = record.isPartial() && !flaws.contains(Flaw.FORGETS_THE_PARTIAL_FLAG);
        if (flaws.contains(Flaw.KEEPS_THE_RECORD_BUFFER)) {
            keptViews.add(record.content().slice());
            keptStreams.add(stream);
            return WriteResult.ACCEPTED;
        }
        byte[] content = new byte[record.length()];
        ByteBuffer buffer = record.content();
        if (flaws.contains(Flaw.READS_THE_CONTENT_TWICE)) {
            buffer.get(new byte[buffer.remaining()]);
            buffer = record.content();
        }
        if (flaws.contains(Flaw.IGNORES_THE_POSITION)) {
            buffer.get(0, content);
        } else {
            buffer.get(content, 0, Math.min(content.length, buffer.remaining()));
        }
        if (flaws.contains(Flaw.KEEPS_EVERY_RECORD_IN_MEMORY)) {
            everything.add(content.clone());
        }
        put(stream, partial, record.timestampNanos(), content);
        if (flaws.contains(Flaw.COUNTS_ACCEPTED_RECORDS_AS_DROPPED)) {
            context.countDropped(stream, 1, content.length);
        }
        return WriteResult.ACCEPTED;
    }

    @Override
    public WriteResult flush() {
        if (flaws.contains(Flaw.BOUND_TO_THE_OPENING_THREAD) && Thread.currentThread() != opener) {
            return WriteResult.FAILED;
        }
        for (int i = 0; i < keptViews.size(); i++) {
            ByteBuffer view = keptViews.get(i);
            byte[] content = new byte[view.remaining()];
            view.get(content);
            put(keptStreams.get(i), false, 0, content);
        }
        keptViews.clear();
        keptStreams.clear();
        try {
            Files.write(file, gathered.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            return WriteResult.FAILED;
        }
        gathered.reset();
        return WriteResult.ACCEPTED;
    }

    @Override
    public void reopen() throws LogDriverException {
        if (flush() != WriteResult.ACCEPTED) {
            throw new LogDriverException("cannot write " + file);
        }
        if (flaws.contains(Flaw.TRUNCATES_ON_REOPEN)) {
            try {
                Files.write(file, new byte[0]);
            } catch (IOException e) {
                throw new LogDriverException("cannot truncate " + file, e);
            }
        }
    }

    @Override
    public void close() {
        if (flaws.contains(Flaw.THROWS_ON_CLOSE)) {
            throw new IllegalStateException("closing failed");
        }
        if (!flaws.contains(Flaw.LOSES_UNFLUSHED_RECORDS_AT_CLOSE)) {
            flush();
        }
    }

    private void put(LogStream stream, boolean partial, long timestampNanos, byte[] content) {
        try {
            out.writeByte(stream.ordinal());
            out.writeBoolean(partial);
            out.writeLong(timestampNanos);
            out.writeInt(content.length);
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Reads back a file this driver wrote. */
    static List<DeliveredRecord> read(Path file) throws IOException {
        List<DeliveredRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try (InputStream bytes = Files.newInputStream(file); DataInputStream in = new DataInputStream(bytes)) {
            while (true) {
                int stream;
                try {
                    stream = in.readUnsignedByte();
                } catch (EOFException end) {
                    return records;
                }
                boolean partial = in.readBoolean();
                long timestamp = in.readLong();
                byte[] content = new byte[in.readInt()];
                in.readFully(content);
                records.add(new DeliveredRecord(LogStream.values()[stream], content, partial, timestamp));
            }
        }
    }
}
