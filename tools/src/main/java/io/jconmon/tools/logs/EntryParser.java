package io.jconmon.tools.logs;

/** Turns one line of a log file (without its {@code \n}) into a {@link LogEntry}. */
interface EntryParser {

    /**
     * Parses {@code line[from, to)} into {@code into}.
     *
     * @return null when the line was parsed, else why it is not a line of this format
     */
    String parse(byte[] line, int from, int to, LogEntry into);
}
