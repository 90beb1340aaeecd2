package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;

/**
 * One record of a log file as a parser read it: a flyweight the parser refills for every line, so
 * reading allocates nothing per record. The content and the timestamp's text point into arrays
 * owned by the parser (or the line reader) and are valid until the next record is parsed.
 */
final class LogEntry {
    LogStream stream;
    /** True when the line continues in a later record (k8s-file {@code P}; json-file: no {@code \n}). */
    boolean partial;
    long timestampNanos;
    /** The timestamp as written in the file, printed by {@code --timestamps}. */
    byte[] timestampText;
    int timestampFrom;
    int timestampTo;
    /** The content without the line's newline. */
    byte[] content;
    int contentFrom;
    int contentTo;
}
