package io.jconmon.core.attach;

import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.SysTestSupport;
import io.jconmon.core.sys.UnixSockets;
import java.util.Arrays;

/** An attach client as Podman's "unixpacket" dialer makes one, non-blocking so one thread can play it. */
final class SeqpacketClient implements AutoCloseable {
    final int fd;

    private SeqpacketClient(int fd) {
        this.fd = fd;
    }

    /** Connects, or returns null when the listener's backlog is full (EAGAIN). */
    static SeqpacketClient tryConnect(String path) throws NativeException {
        int fd = UnixSockets.socket(UnixSockets.SOCK_SEQPACKET | UnixSockets.SOCK_NONBLOCK | UnixSockets.SOCK_CLOEXEC);
        try {
            UnixSockets.connect(fd, path);
            return new SeqpacketClient(fd);
        } catch (NativeException e) {
            LibC.closeQuietly(fd);
            if (e.errno() == Errno.EAGAIN) {
                return null;
            }
            throw e;
        }
    }

    static SeqpacketClient connect(String path) throws NativeException {
        SeqpacketClient c = tryConnect(path);
        if (c == null) {
            throw new AssertionError("listener backlog full");
        }
        return c;
    }

    /** One message (up to 64 KiB, so oversized frames would show), or null when none is queued; {@code byte[0]} at EOF. */
    byte[] receive() {
        byte[] buf = new byte[65536];
        long n = LibC.read(fd, buf, 0, buf.length);
        if (n == -Errno.EAGAIN) {
            return null;
        }
        if (n < 0) {
            throw new AssertionError("read failed: " + LibC.strerror((int) -n));
        }
        return Arrays.copyOf(buf, (int) n);
    }

    /** Reads until EOF is seen or nothing is queued: -1 at EOF/reset, else the number of messages read. */
    int drainForEof() {
        byte[] buf = new byte[65536];
        int count = 0;
        while (true) {
            long n = LibC.read(fd, buf, 0, buf.length);
            if (n == 0 || n == -104) {
                return -1;
            }
            if (n < 0) {
                return count;
            }
            count++;
        }
    }

    void send(byte[] data) {
        long n = SysTestSupport.send(fd, data, 0, data.length);
        if (n != data.length) {
            throw new AssertionError("send: " + n);
        }
    }

    void shutdownWrite() {
        UnixSockets.shutdown(fd, UnixSockets.SHUT_WR);
    }

    @Override
    public void close() {
        LibC.closeQuietly(fd);
    }
}
