package io.jconmon.spi;

/** The container stream a record was read from. With a terminal, all container output is {@link #STDOUT}. */
public enum LogStream {
    /** The container's standard output (or its terminal). */
    STDOUT("stdout"),
    /** The container's standard error (with a terminal: the runtime's own stderr). */
    STDERR("stderr");

    private final String wireName;

    LogStream(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name log formats use: {@code stdout} or {@code stderr}. */
    public String wireName() {
        return wireName;
    }
}
