package io.jconmon.spi;

/**
 * An open log driver for one container. Its methods are called one at a time, never concurrently,
 * but not necessarily on the thread that opened it; a driver needs no locking of its own unless it
 * starts threads. Built-in drivers are called on the host's event-loop thread; plugins (and drivers
 * in {@code mode=non-blocking}) on a delivery thread of their own, behind a bounded queue, so a slow
 * plugin never holds up the container.
 */
public interface LogDriver extends AutoCloseable {

    /**
     * Takes one record. The record and its buffer are valid only during this call.
     *
     * @return what happened to the record; exceptions (and errors such as
     *     {@link OutOfMemoryError}) are treated as {@link WriteResult#FAILED}
     */
    WriteResult write(LogRecord record);

    /**
     * Pushes buffered records out. The host calls it after each batch of records read in one go,
     * and before the monitor exits.
     */
    default WriteResult flush() {
        return WriteResult.ACCEPTED;
    }

    /**
     * Reopens or rotates the driver's output (conmon's ctl message type 2, used after an external
     * tool renamed the log file).
     */
    default void reopen() throws LogDriverException {}

    /** Flushes and releases everything. Called once, as the monitor exits; must not throw. */
    @Override
    void close();
}
