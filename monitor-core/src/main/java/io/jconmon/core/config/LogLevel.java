package io.jconmon.core.config;

/** conmon's own diagnostics level ({@code --log-level}), conmon-interface.md §1.2 and §2.14. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** True when a message of level {@code message} is shown at this level. */
    public boolean shows(LogLevel message) {
        return message.ordinal() <= ordinal();
    }
}
