package io.jconmon.tools;

/** The exit statuses of jconmon's tool commands, in one place. */
public final class ExitStatus {
    /** Done, nothing skipped. */
    public static final int OK = 0;
    /** An error, or (logs) lines that could not be parsed were skipped; stderr says which. */
    public static final int FAILED = 1;
    /** A bad command line: unknown command or option, bad option value. */
    public static final int USAGE = 2;
    /** stdout was closed by its reader (as a shell reports SIGPIPE: 128 + 13). */
    public static final int OUTPUT_CLOSED = 141;

    private ExitStatus() {}
}
