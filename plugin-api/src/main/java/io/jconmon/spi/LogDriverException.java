package io.jconmon.spi;

import java.io.Serial;

/** A driver could not be opened, validated or reopened. The message is shown to the engine as is. */
public class LogDriverException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, phrased for a user (it reaches Podman's error output) */
    public LogDriverException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, phrased for a user
     * @param cause the underlying failure
     */
    public LogDriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
