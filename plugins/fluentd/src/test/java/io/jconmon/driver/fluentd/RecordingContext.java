package io.jconmon.driver.fluentd;

import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogStream;
import java.text.MessageFormat;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** A driver context that remembers what the driver logged and reported as dropped. */
final class RecordingContext implements DriverContext {
    public final List<String> messages = new ArrayList<>();
    public long droppedRecords;
    public long droppedBytes;
    public long droppedStderrRecords;

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
            messages.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + (params == null ? format : MessageFormat.format(format, params)));
        }
    };

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    public void countDropped(LogStream stream, long records, long bytes) {
        droppedRecords += records;
        droppedBytes += bytes;
        if (stream == LogStream.STDERR) {
            droppedStderrRecords += records;
        }
    }
}
