package io.jconmon.tck;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogStream;
import java.text.MessageFormat;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * A {@link DriverContext} that remembers what the driver logged and what it reported as dropped.
 * Safe to use from several threads (a driver may log from a thread of its own).
 */
public final class RecordingContext implements DriverContext {
    private final List<String> messages = new ArrayList<>();
    private final long[] droppedRecords = new long[LogStream.values().length];
    private final long[] droppedBytes = new long[LogStream.values().length];

    private final System.Logger logger = new System.Logger() {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            add(level + " " + (params == null ? format : MessageFormat.format(format, params)));
        }
    };

    /** A context whose clock is the system's. */
    public RecordingContext() {}

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    public synchronized void countDropped(LogStream stream, long records, long bytes) {
        droppedRecords[stream.ordinal()] += records;
        droppedBytes[stream.ordinal()] += bytes;
    }

    /** What the driver logged, oldest first, each as {@code LEVEL message}. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** Records the driver counted as dropped, both streams. */
    public synchronized long droppedRecords() {
        return droppedRecords[0] + droppedRecords[1];
    }

    /** Records the driver counted as dropped from one stream. */
    public synchronized long droppedRecords(LogStream stream) {
        return droppedRecords[stream.ordinal()];
    }

    /** Content bytes the driver counted as dropped, both streams. */
    public synchronized long droppedBytes() {
        return droppedBytes[0] + droppedBytes[1];
    }

    private synchronized void add(String message) {
        messages.add(message);
    }
}
