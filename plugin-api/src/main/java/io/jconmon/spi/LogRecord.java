package io.jconmon.spi;

import java.nio.ByteBuffer;

/**
 * One piece of container output: a complete line without its newline, or a partial line.
 *
 * <p>The host reuses one record object and one buffer for every record, so a record is valid only
 * during the {@link LogDriver#write} call that received it. A driver that keeps data must copy it.
 *
 * <p>Splitting follows conmon (conmon-interface.md §5.2.2): the host reads output in chunks of at
 * most 8192 bytes, takes one timestamp per chunk, and cuts each chunk at newlines. A piece that
 * ended with a newline is complete ({@link #isPartial()} false, the newline itself is not in
 * {@link #content()}); the unterminated tail of a chunk is partial. Lines are not reassembled
 * across chunks: drivers that want whole lines (journald) assemble them themselves.
 */
public interface LogRecord {

    /** The stream this record came from. */
    LogStream stream();

    /** When the chunk holding this record was read: CLOCK_REALTIME nanoseconds since the epoch. */
    long timestampNanos();

    /** True when the record is not terminated by a newline (the line continues in a later record). */
    boolean isPartial();

    /**
     * The record's bytes, without the terminating newline, between position and limit of a
     * read-only buffer. A driver may move the position (for example by {@code put}ting the buffer
     * into its own); the host resets it before handing the record to the next driver.
     */
    ByteBuffer content();

    /** The number of content bytes: {@code content().remaining()} before anyone read it. */
    int length();
}
