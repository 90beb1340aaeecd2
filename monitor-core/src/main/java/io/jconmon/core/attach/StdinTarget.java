package io.jconmon.core.attach;

/**
 * Where attach clients' input goes: the container's stdin (the stdin pipe, or the pty master with
 * a terminal). Both methods are called on the loop thread only.
 */
public interface StdinTarget {
    /**
     * Writes without blocking: the number of bytes taken (possibly fewer than {@code len}), or
     * {@code -errno}; {@code -EAGAIN} means "full, try again when writable".
     */
    int write(byte[] b, int off, int len);

    /** Runs {@code whenWritable} once, on the loop thread, when {@link #write} may make progress again. */
    void notifyWhenWritable(Runnable whenWritable);
}
