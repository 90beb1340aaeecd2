package io.jconmon.core.plugins;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.WriteResult;

/**
 * A plugin's open driver, as the host calls it. The host's fan-out survives a driver's
 * {@link RuntimeException} or {@link LinkageError} by disabling it; this wrapper turns every other
 * {@link Error} a plugin throws (an {@link AssertionError}, a {@link StackOverflowError}...) into a
 * {@link PluginFailure}, so no plugin error can end the event loop.
 */
final class PluginDriver implements LogDriver {
    private final LogDriver delegate;
    private final String name;

    PluginDriver(LogDriver delegate, String name) {
        this.delegate = delegate;
        this.name = name;
    }

    @Override
    public WriteResult write(LogRecord record) {
        try {
            return delegate.write(record);
        } catch (RuntimeException | LinkageError e) {
            throw e;
        } catch (Error e) {
            throw new PluginFailure(name, "write", e);
        }
    }

    @Override
    public WriteResult flush() {
        try {
            return delegate.flush();
        } catch (RuntimeException | LinkageError e) {
            throw e;
        } catch (Error e) {
            throw new PluginFailure(name, "flush", e);
        }
    }

    @Override
    public void reopen() throws LogDriverException {
        try {
            delegate.reopen();
        } catch (RuntimeException | LinkageError | LogDriverException e) {
            throw e;
        } catch (Error e) {
            throw new PluginFailure(name, "reopen", e);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } catch (RuntimeException | LinkageError e) {
            throw e;
        } catch (Error e) {
            throw new PluginFailure(name, "close", e);
        }
    }

    /** A plugin driver threw an {@link Error}: carried as a runtime exception the host handles. */
    static final class PluginFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String call;

        PluginFailure(String driver, String call, Error cause) {
            super("log driver " + driver + " threw in " + call + ": " + cause, cause);
            this.call = call;
        }

        /**
         * What the host's report shows after "log driver NAME threw ": the plugin's own error and
         * the call, not this wrapper (which is no news to the reader).
         */
        @Override
        public String toString() {
            return getCause() + " (in " + call + ")";
        }
    }
}
