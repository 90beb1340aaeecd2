package io.jconmon.core.cli;

/**
 * A GLib-style option parsing failure. The message is GLib's text (e.g. {@code Unknown option --xyz});
 * the caller prints it as {@code conmon: option parsing failed: <message>} (conmon-interface.md §1.1).
 */
public final class OptionParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionParseException(String message) {
        super(message);
    }
}
