package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.stdio.RecordSink;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.WriteResult;
import java.util.List;

/**
 * Hands every record to every open driver. One driver's failure never reaches another: a driver
 * that fails or throws is disabled and reported, and what it then misses is counted.
 */
public final class LogFanout implements RecordSink {

    /** One open driver and its bookkeeping. */
    static final class OpenDriver {
        final String name;
        final LogDriver driver;
        final HostDriverContext context;
        boolean enabled = true;

        OpenDriver(String name, LogDriver driver, HostDriverContext context) {
            this.name = name;
            this.driver = driver;
            this.context = context;
        }
    }

    private final OpenDriver[] drivers;
    private final Diagnostics diagnostics;
    private RecordSink next;

    LogFanout(List<OpenDriver> drivers, Diagnostics diagnostics) {
        this.drivers = drivers.toArray(OpenDriver[]::new);
        this.diagnostics = diagnostics;
    }

    /** Passes records and chunks on to {@code next} (attach clients) after the drivers. */
    public void chainTo(RecordSink next) {
        this.next = next;
    }

    @Override
    public void record(ReusableRecord record) {
        for (OpenDriver d : drivers) {
            if (!d.enabled) {
                d.context.countDropped(record.stream(), 1, record.length());
                continue;
            }
            record.rewind();
            WriteResult result;
            try {
                result = d.driver.write(record);
            } catch (RuntimeException | LinkageError e) {
                disable(d, "threw " + e);
                result = WriteResult.FAILED;
            }
            switch (result) {
                case ACCEPTED -> { }
                // Backpressure for RETRY_LATER arrives with the logging-pipeline issue; until then
                // a retry request is a loss, and it is counted as one rather than hidden.
                case DROPPED, RETRY_LATER -> d.context.countDropped(record.stream(), 1, record.length());
                case FAILED -> {
                    d.context.countDropped(record.stream(), 1, record.length());
                    disable(d, "failed to write");
                }
            }
        }
        if (next != null) {
            next.record(record);
        }
    }

    @Override
    public void chunk(io.jconmon.spi.LogStream stream, byte[] buf, int start, int end) {
        if (next != null) {
            next.chunk(stream, buf, start, end);
        }
    }

    @Override
    public void endOfBatch() {
        flush();
        if (next != null) {
            next.endOfBatch();
        }
    }

    /** Flushes every enabled driver. */
    public void flush() {
        for (OpenDriver d : drivers) {
            if (d.enabled) {
                WriteResult r;
                try {
                    r = d.driver.flush();
                } catch (RuntimeException | LinkageError e) {
                    disable(d, "threw on flush: " + e);
                    continue;
                }
                if (r == WriteResult.FAILED) {
                    disable(d, "failed to flush");
                }
            }
        }
    }

    /** ctl type 2: asks every driver to reopen its output (§4.2). */
    public void reopen() {
        for (OpenDriver d : drivers) {
            if (d.enabled) {
                try {
                    d.driver.reopen();
                } catch (LogDriverException | RuntimeException e) {
                    diagnostics.warn("log driver " + d.name + " could not reopen: " + e.getMessage());
                }
            }
        }
    }

    /** Closes every driver and reports what each lost. */
    public void close() {
        for (OpenDriver d : drivers) {
            try {
                d.driver.close();
            } catch (RuntimeException | LinkageError e) {
                diagnostics.warn("log driver " + d.name + " failed to close: " + e);
            }
            if (!d.context.dropped().isZero()) {
                diagnostics.warn("log driver " + d.name + " dropped " + d.context.dropped());
            }
        }
    }

    /** The drop counter of driver {@code name} (reports and tests). */
    public DropCounter droppedBy(String name) {
        for (OpenDriver d : drivers) {
            if (d.name.equals(name)) {
                return d.context.dropped();
            }
        }
        throw new IllegalArgumentException("no driver " + name);
    }

    private void disable(OpenDriver d, String why) {
        d.enabled = false;
        diagnostics.error("log driver " + d.name + " " + why + "; it is disabled, other drivers go on");
    }
}
