package io.jconmon.core.sys;

import java.io.IOException;
import java.io.Serial;

/** A failed system call: the call's name, its errno, and the C library's text for it. */
public final class NativeException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(String call, int errno) {
        super(call + ": " + LibC.strerror(errno));
        this.errno = errno;
    }

    /** The errno value the call failed with. */
    public int errno() {
        return errno;
    }

    /** The C library's text for the errno, e.g. "No such file or directory" (conmon's strerror suffix). */
    public String reason() {
        return LibC.strerror(errno);
    }
}
