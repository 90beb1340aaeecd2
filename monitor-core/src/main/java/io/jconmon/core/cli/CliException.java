package io.jconmon.core.cli;

/**
 * A command-line failure: {@link #getMessage()} is the exact line to print on stderr (prefix included,
 * no newline) and {@link #exitStatus()} the status to exit with (conmon-interface.md §1.3).
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    /** conmon exits 1 on every command-line failure. */
    public static final int EXIT_STATUS = 1;

    private final int exitStatus;

    public CliException(String messageLine, int exitStatus) {
        super(messageLine);
        this.exitStatus = exitStatus;
    }

    /** A GLib parse failure: {@code conmon: option parsing failed: <message>} (§1.1). */
    static CliException optionParsing(String glibMessage) {
        return new CliException("conmon: option parsing failed: " + glibMessage, EXIT_STATUS);
    }

    /** A failure of conmon's {@code initialize_cli} stage, prefixed {@code conmon: } (§1.3 steps 2-3). */
    static CliException early(String message) {
        return new CliException("conmon: " + message, EXIT_STATUS);
    }

    /** A later fatal error, prefixed {@code [conmon:e]: } like conmon's nexit helpers (§1.3). */
    static CliException fatal(String message) {
        return new CliException("[conmon:e]: " + message, EXIT_STATUS);
    }

    /** Like {@link #fatal} with conmon's pexit form: the strerror text appended after a space. */
    static CliException fatal(String message, String strerror) {
        return fatal(message + " " + strerror);
    }

    public int exitStatus() {
        return exitStatus;
    }
}
