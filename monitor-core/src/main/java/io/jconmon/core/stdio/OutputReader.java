package io.jconmon.core.stdio;

import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.spi.LogStream;

/**
 * Reads one container output stream (a pipe, or the terminal) without blocking and feeds the
 * {@link OutputSplitter}. One read buffer per monitor is shared by both streams: the loop thread
 * handles one stream at a time and records never outlive the call.
 */
public final class OutputReader {
    /** How much one read takes: eight conmon-sized chunks. */
    public static final int READ_SIZE = 8 * OutputSplitter.CHUNK;
    // Reads per readiness event before the loop serves other fds: bounds one stream's share.
    private static final int READS_PER_EVENT = 4;

    private final int fd;
    private final LogStream stream;
    private final byte[] buffer;
    private final OutputSplitter splitter;
    private final boolean terminal;
    private boolean eof;

    /**
     * @param buffer the shared read buffer ({@link #READ_SIZE} bytes)
     * @param terminal true for a pty master: EIO then means the other side closed (§3.7)
     */
    public OutputReader(int fd, LogStream stream, byte[] buffer, OutputSplitter splitter, boolean terminal) {
        this.fd = fd;
        this.stream = stream;
        this.buffer = buffer;
        this.splitter = splitter;
        this.terminal = terminal;
    }

    public int fd() {
        return fd;
    }

    /** True once the stream hit end of file (or, for a terminal, EIO). */
    public boolean atEof() {
        return eof;
    }

    /**
     * Reads what is available, up to a few buffers.
     *
     * @return true if the stream is still open
     */
    public boolean readAvailable() throws NativeException {
        for (int i = 0; i < READS_PER_EVENT && !eof; i++) {
            long n = LibC.read(fd, buffer, 0, buffer.length);
            if (n > 0) {
                splitter.split(stream, buffer, (int) n, LibC.realtimeNanos());
                if (n < buffer.length) {
                    return true; // the pipe is (momentarily) empty
                }
            } else if (n == 0 || (terminal && n == -Errno.EIO)) {
                eof = true;
            } else if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                return true;
            } else {
                throw new NativeException("read " + stream.wireName(), (int) -n);
            }
        }
        return !eof;
    }

    /**
     * Reads until the stream is empty or closed: used when the container has exited (§2.8 step 2).
     * {@code mayRead} is asked before every read: a driver's backlog must be taken first, so that
     * what the exit reads stays bounded.
     */
    public void drain(java.util.function.BooleanSupplier mayRead) throws NativeException {
        while (!eof && mayRead.getAsBoolean()) {
            long n = LibC.read(fd, buffer, 0, buffer.length);
            if (n > 0) {
                splitter.split(stream, buffer, (int) n, LibC.realtimeNanos());
            } else if (n == -Errno.EINTR) {
                continue;
            } else {
                eof = n == 0 || n == -Errno.EIO;
                return;
            }
        }
    }
}
