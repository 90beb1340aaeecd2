package io.jconmon.core.attach;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StdinTarget} over an fd: the stdin pipe's write end, or the pty master.
 *
 * <p>Waiting for writability registers a close-on-exec duplicate of the fd for EPOLLOUT, because
 * the pty master is already registered (for reading) by the output reader and the loop keeps one
 * handler per fd; epoll tells the two apart by fd number. The duplicate exists only while waiting.
 * Because it would keep a pipe open, stdin must be closed through {@link #close()}, never by
 * closing the fd directly.
 */
public final class StdinFd implements StdinTarget, AutoCloseable {
    private static final int RETRY_MILLIS = 10;

    private final EventLoop loop;
    private final int fd;
    private final boolean ownsFd;
    private final List<Runnable> waiters = new ArrayList<>(2);
    private int watchFd = -1;
    private boolean closed;

    /**
     * @param fd     the stdin fd; it is made non-blocking (for a pty master this also applies to its
     *               reader, which wants that anyway)
     * @param ownsFd {@code true}: {@link #close()} closes {@code fd} (the stdin pipe); {@code false}:
     *               it only stops watching it (the pty master, closed by its owner)
     */
    public StdinFd(EventLoop loop, int fd, boolean ownsFd) throws NativeException {
        LibC.setNonBlocking(fd, true);
        this.loop = loop;
        this.fd = fd;
        this.ownsFd = ownsFd;
    }

    public int fd() {
        return fd;
    }

    @Override
    public int write(byte[] b, int off, int len) {
        if (closed) {
            return -Errno.EBADF;
        }
        return (int) LibC.write(fd, b, off, len);
    }

    @Override
    public void notifyWhenWritable(Runnable whenWritable) {
        if (closed) {
            return;
        }
        waiters.add(whenWritable);
        if (watchFd >= 0) {
            return;
        }
        try {
            watchFd = LibC.fcntl(fd, LibC.F_DUPFD_CLOEXEC, 0);
            loop.register(watchFd, Epoll.EPOLLOUT, events -> writable());
        } catch (NativeException e) {
            // Out of fds or similar: poll instead of waiting for the kernel; never lose the wake-up.
            stopWatching();
            loop.schedule(RETRY_MILLIS, this::writable);
        }
    }

    private void writable() {
        stopWatching();
        if (closed) {
            return;
        }
        List<Runnable> due = List.copyOf(waiters);
        waiters.clear();
        for (Runnable r : due) {
            r.run();
        }
    }

    private void stopWatching() {
        if (watchFd >= 0) {
            loop.unregister(watchFd); // before close: epoll forgets a dup only when every copy is closed
            LibC.closeQuietly(watchFd);
            watchFd = -1;
        }
    }

    /** Stops watching; closes the fd when this object owns it (the container then sees EOF on stdin). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        waiters.clear();
        stopWatching();
        if (ownsFd) {
            LibC.closeQuietly(fd);
        }
    }
}
