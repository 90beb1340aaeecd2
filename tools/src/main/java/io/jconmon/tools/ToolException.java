package io.jconmon.tools;

/** A failure a tool command reports as one line on stderr, with the exit status to end with. */
public final class ToolException extends Exception {
    private final int status;

    public ToolException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
