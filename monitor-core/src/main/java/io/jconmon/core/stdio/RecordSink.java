package io.jconmon.core.stdio;

/** Where split container output goes: the log fan-out, then attach clients. */
public interface RecordSink {
    /** One record; valid only during the call. */
    void record(ReusableRecord record);

    /**
     * One conmon-sized chunk (at most {@link OutputSplitter#CHUNK} bytes) of raw output, after its
     * records: what attach clients receive as one frame (conmon-interface.md §3.3).
     */
    default void chunk(io.jconmon.spi.LogStream stream, byte[] buf, int start, int end) {}

    /** All records of one read were delivered: a good moment for drivers to flush. */
    void endOfBatch();
}
