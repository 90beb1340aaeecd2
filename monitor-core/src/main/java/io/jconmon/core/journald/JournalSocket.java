package io.jconmon.core.journald;

import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.UnixSockets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The connection to journald's native socket, delivering one entry at a time the way libsystemd's
 * {@code sd_journal_sendv} does for conmon (conmon-interface.md §5.3.1):
 * <ul>
 *   <li>an entry is one datagram; one too large for a datagram (EMSGSIZE, ENOBUFS) is written to a
 *       sealed memfd and the memfd is sent instead, as an empty datagram carrying it (SCM_RIGHTS);
 *   <li>when journald's receive queue is full, the entry waits for room in the kernel, like
 *       conmon's blocking socket, but at most {@link #STALL_MILLIS} (SO_SNDTIMEO): a journald that
 *       does not drain its queue in that time counts as stalled, and until one entry gets through
 *       again entries are refused at once rather than waited for, so a stopped journald never
 *       stalls the container for long;
 *   <li>a journald that is gone (killed, restarted: the connected socket is dead) is reconnected
 *       to on the next entry.
 * </ul>
 * The entry is copied to native memory for the send: the monitor's heap is never pinned while
 * the kernel waits.
 */
final class JournalSocket implements AutoCloseable {
    /** How long one entry may wait for room in journald's queue before journald counts as stalled. */
    static final int STALL_MILLIS = 1000;
    private static final int MEMFD_SEALS =
            LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_WRITE | LibC.F_SEAL_SEAL;

    private final String path;
    private int fd = -1;
    private boolean stalled;
    private MemorySegment buffer = Arena.ofAuto().allocate(32 * 1024);

    JournalSocket(String path) {
        this.path = path;
    }

    /**
     * Sends {@code entry[0, length)} as one journal entry: 0 when journald has it, else the errno
     * of the failure (EAGAIN: journald is stalled; ECONNREFUSED, ENOENT: journald is not there).
     */
    int send(byte[] entry, int length) {
        int memfd = -1;
        boolean reconnected = false;
        try {
            while (true) {
                if (fd < 0) {
                    int e = connect();
                    if (e != 0) {
                        return e;
                    }
                }
                // A stalled journald is not waited for again until an entry gets through.
                boolean wait = !stalled;
                long r;
                if (memfd < 0) {
                    MemorySegment buf = buffer(length);
                    MemorySegment.copy(entry, 0, buf, ValueLayout.JAVA_BYTE, 0, length);
                    r = wait ? UnixSockets.sendWaiting(fd, buf, length) : UnixSockets.sendNonBlocking(fd, buf, length);
                    if (r == -Errno.EMSGSIZE || r == -Errno.ENOBUFS) {
                        memfd = sealedCopy(entry, length);
                        continue;
                    }
                } else {
                    r = UnixSockets.sendFd(fd, memfd, wait);
                }
                if (r >= 0) {
                    stalled = false;
                    return 0;
                }
                int errno = (int) -r;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno == Errno.EAGAIN) {
                    stalled = true; // the send timeout passed with journald's queue still full
                    return errno;
                }
                // The journald we were connected to is gone; a new one may be listening at the path.
                if (!reconnected && (errno == Errno.ECONNREFUSED || errno == Errno.ENOTCONN
                        || errno == Errno.ECONNRESET || errno == Errno.EPIPE)) {
                    reconnected = true;
                    disconnect();
                    continue;
                }
                return errno;
            }
        } catch (NativeException e) {
            return e.errno();
        } finally {
            LibC.closeQuietly(memfd);
        }
    }

    /** The native send buffer, grown to hold {@code length} bytes. */
    private MemorySegment buffer(int length) {
        if (buffer.byteSize() < length) {
            buffer = Arena.ofAuto().allocate(Math.max(length, 2 * buffer.byteSize()));
        }
        return buffer;
    }

    /** journald's large-entry path: the entry in a memfd sealed against any change, as libsystemd does. */
    private static int sealedCopy(byte[] entry, int length) throws NativeException {
        int memfd = LibC.memfdCreate("journal-entry", LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        try {
            LibC.writeFully(memfd, entry, 0, length);
            LibC.fcntl(memfd, LibC.F_ADD_SEALS, MEMFD_SEALS);
            return memfd;
        } catch (NativeException | RuntimeException e) {
            LibC.closeQuietly(memfd);
            throw e;
        }
    }

    /** 0, or the errno why journald cannot be reached now. */
    private int connect() {
        int s;
        try {
            s = UnixSockets.socket(UnixSockets.SOCK_DGRAM | UnixSockets.SOCK_CLOEXEC);
        } catch (NativeException e) {
            return e.errno();
        }
        try {
            UnixSockets.setSendTimeout(s, STALL_MILLIS);
            UnixSockets.connect(s, path);
        } catch (NativeException e) {
            LibC.closeQuietly(s);
            return e.errno();
        }
        fd = s;
        return 0;
    }

    private void disconnect() {
        LibC.closeQuietly(fd);
        fd = -1;
    }

    @Override
    public void close() {
        disconnect();
    }
}
