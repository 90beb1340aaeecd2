package io.jconmon.core.logging;

import io.jconmon.spi.LogStream;

/**
 * Records and bytes one driver lost, per stream: every loss is counted and reported. Thread-safe:
 * a queued driver counts from its own delivery thread.
 */
public final class DropCounter {
    private final long[] records = new long[LogStream.values().length];
    private final long[] bytes = new long[LogStream.values().length];

    public synchronized void add(LogStream stream, long recordCount, long byteCount) {
        records[stream.ordinal()] += recordCount;
        bytes[stream.ordinal()] += byteCount;
    }

    public synchronized long records(LogStream stream) {
        return records[stream.ordinal()];
    }

    public synchronized long bytes(LogStream stream) {
        return bytes[stream.ordinal()];
    }

    public synchronized boolean isZero() {
        for (long r : records) {
            if (r != 0) {
                return false;
            }
        }
        return true;
    }

    /** "12 records (3456 bytes) from stdout, ..." for reports. */
    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder();
        for (LogStream s : LogStream.values()) {
            if (records[s.ordinal()] > 0) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(records[s.ordinal()]).append(" records (").append(bytes[s.ordinal()])
                        .append(" bytes) from ").append(s.wireName());
            }
        }
        return sb.toString();
    }
}
