package io.jconmon.core.config;

import java.io.Serial;

/** The host config file is missing (when named), unreadable or malformed; the message names file and line. */
public final class HostConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public HostConfigException(String message) {
        super(message);
    }
}
