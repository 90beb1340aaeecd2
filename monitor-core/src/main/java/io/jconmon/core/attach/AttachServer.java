package io.jconmon.core.attach;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.UnixSockets;
import io.jconmon.spi.LogStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attach socket {@code <bundle>/attach} (conmon-interface.md §3.1-§3.6): an AF_UNIX
 * SOCK_SEQPACKET listener whose clients receive every output chunk as one message (stream byte +
 * data) and whose input goes to the container's stdin.
 *
 * <p>Unlike conmon, a slow client never stalls the monitor: frames are sent without blocking; what a
 * client's socket cannot take waits in a per-client backlog of at most {@link #CLIENT_BACKLOG_LIMIT}
 * bytes, flushed on EPOLLOUT; beyond that the client's frames are dropped, counted and reported.
 * Also unlike conmon, at most {@link #MAX_CLIENTS} clients are served at once: a further one is
 * accepted and closed at once, without receiving anything.
 *
 * <p>Input: how it is consumed depends on the mode. Without stdin (non-terminal, no {@code -i}) it
 * is never read (§3.4), only a client's half-close is watched. With stdin, reading is paused until
 * {@link #setStdin} supplies the target (at once for the stdin pipe; when the pty arrives with
 * {@code -t}) and whenever the target is full.
 *
 * <p>Loop thread only, like everything on the {@link EventLoop}.
 */
public final class AttachServer implements AutoCloseable {
    /** Clients served at once; conmon has no limit, but an fd and a backlog per client must be bounded. */
    public static final int MAX_CLIENTS = 128;
    /** Output bytes per frame (conmon's STDIO_BUF_SIZE, §3.3); a frame is one more byte. */
    public static final int MAX_FRAME_DATA = 8192;
    /** Input bytes read per client message (conmon's CONN_SOCK_BUF_SIZE, §3.4). */
    public static final int INPUT_MESSAGE_MAX = 32768;
    /** Frame bytes queued for one client that is not reading before its frames are dropped. */
    public static final int CLIENT_BACKLOG_LIMIT = 1 << 20;
    /** The socket file's name in the bundle directory. */
    public static final String SOCKET_NAME = "attach";
    /** §3.3: stream-id bytes. */
    public static final byte STDOUT_TAG = 2;
    public static final byte STDERR_TAG = 3;

    private static final int LISTEN_BACKLOG = 10;
    private static final int SOCKET_MODE = 0700;
    private static final int ACCEPTS_PER_EVENT = 32;
    private static final int READS_PER_EVENT = 16;
    private static final int ACCEPT_PAUSE_MILLIS = 100;
    /** A link path of this many bytes would clash with sun_path's limit (§3.1). */
    private static final int SUN_PATH_LAST = 107;
    private static final int ECONNABORTED = 103;

    /** What the monitor hears from the attach socket; called on the loop thread. */
    public interface Listener {
        /**
         * A client's input reached EOF or the client hung up (§3.5): the monitor closes the
         * container's stdin unless {@code --leave-stdin-open}. Called once per client, possibly for
         * several clients.
         */
        void onClientInputClosed();

        /** Something worth a line in the monitor's diagnostics (drops, refused clients, stdin errors). */
        void onWarning(String message);
    }

    private enum Input { NONE, PAUSED, ACTIVE }

    private final EventLoop loop;
    private final Listener listener;
    private final String path;
    private final int dirFd;
    private final int listenFd;
    private final List<AttachClient> clients = new ArrayList<>();
    /** One native frame reused for every send: stream byte + up to 8192 bytes. */
    private final MemorySegment frame = Arena.ofAuto().allocate(1 + MAX_FRAME_DATA);
    private final byte[] readBuf = new byte[INPUT_MESSAGE_MAX];
    private Input input;
    private StdinTarget stdin;
    private boolean awaitingStdin;
    private boolean stdinFailureReported;
    private boolean refusalReported;
    private boolean listening;
    private boolean closed;
    private long droppedFrames;
    private long refusedClients;

    private AttachServer(EventLoop loop, String path, int dirFd, int listenFd, boolean forwardsInput, Listener listener) {
        this.loop = loop;
        this.path = path;
        this.dirFd = dirFd;
        this.listenFd = listenFd;
        this.input = forwardsInput ? Input.PAUSED : Input.NONE;
        this.listener = listener;
    }

    /**
     * Creates {@code <bundleDir>/attach} (an existing one is unlinked first), mode 0700, bound through
     * {@code /proc/self/fd} so long bundle paths work, and starts accepting clients on {@code loop}.
     *
     * @param forwardsInput {@code false}: the container has no stdin, client input is never read;
     *                      {@code true}: input is forwarded once {@link #setStdin} is called
     */
    public static AttachServer open(EventLoop loop, String bundleDir, boolean forwardsInput, Listener listener)
            throws NativeException {
        int dirFd = LibC.open(bundleDir, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        int listenFd = -1;
        try {
            int r = UnixSockets.unlinkAt(dirFd, SOCKET_NAME);
            if (r < 0 && r != -Errno.ENOENT) {
                throw new NativeException("unlink " + bundleDir + "/" + SOCKET_NAME, -r);
            }
            listenFd = UnixSockets.listenAt(dirFd, SOCKET_NAME, UnixSockets.SOCK_SEQPACKET, LISTEN_BACKLOG, SOCKET_MODE);
            AttachServer server = new AttachServer(loop, bundleDir + "/" + SOCKET_NAME, dirFd, listenFd,
                    forwardsInput, listener);
            loop.register(listenFd, Epoll.EPOLLIN, events -> server.acceptClients());
            server.listening = true;
            return server;
        } catch (NativeException | RuntimeException e) {
            if (listenFd >= 0) {
                LibC.closeQuietly(listenFd);
                UnixSockets.unlinkAt(dirFd, SOCKET_NAME);
            }
            LibC.closeQuietly(dirFd);
            throw e;
        }
    }

    /**
     * Without {@code --full-attach} (CRI-O): the symlink {@code <socketDir>/<cuuid>} → {@code bundleDir}
     * through which clients reach the socket (§3.1). An existing entry is unlinked first; a link path
     * of exactly 107 bytes loses its last character. Returns the link's path; remove it at exit with
     * {@link #unlinkSocketDir}. Fails with conmon's (misleading) message
     * {@code Failed to create symlink for notify socket: <reason>}.
     */
    public static String linkSocketDir(String socketDir, String cuuid, String bundleDir) throws NativeException {
        String dir = socketDir;
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        byte[] link = (dir.equals("/") ? "/" + cuuid : dir + "/" + cuuid).getBytes(StandardCharsets.UTF_8);
        int len = link.length == SUN_PATH_LAST ? link.length - 1 : link.length;
        String linkPath = new String(link, 0, len, StandardCharsets.UTF_8);
        UnixSockets.unlinkAt(-1, linkPath); // a failure other than ENOENT shows up as the symlink's EEXIST
        UnixSockets.symlink(bundleDir, linkPath, "Failed to create symlink for notify socket");
        return linkPath;
    }

    /** Removes the link made by {@link #linkSocketDir}; quiet (exit path). */
    public static void unlinkSocketDir(String linkPath) {
        UnixSockets.unlinkAt(-1, linkPath);
    }

    /** The socket file's path, {@code <bundle>/attach}. */
    public String path() {
        return path;
    }

    /**
     * Where client input goes from now on. A non-null target resumes reading (and delivers input
     * kept while stdin was full); {@code null} stops consuming input for good (e.g. after the monitor
     * closed stdin), while half-closes are still reported.
     */
    public void setStdin(StdinTarget target) {
        if (closed) {
            return;
        }
        stdin = target;
        input = target == null ? Input.NONE : Input.ACTIVE;
        awaitingStdin = false;
        stdinFailureReported = false;
        for (int i = clients.size() - 1; i >= 0; i--) {
            AttachClient c = clients.get(i);
            if (target == null) {
                c.dropPending();
            }
            if (c.parked) {
                unpark(c);
            } else {
                updateInterest(c);
            }
        }
        if (target != null) {
            flushPendingInput();
        }
    }

    /**
     * Sends {@code buf[start, end)} to every client as frames of at most {@link #MAX_FRAME_DATA}
     * bytes (one SEQPACKET message each, stream byte first). Never blocks.
     */
    public void broadcast(LogStream stream, byte[] buf, int start, int end) {
        if (clients.isEmpty() || closed) {
            return;
        }
        byte tag = stream == LogStream.STDERR ? STDERR_TAG : STDOUT_TAG;
        for (int off = start; off < end; off += MAX_FRAME_DATA) {
            sendFrame(tag, buf, off, Math.min(MAX_FRAME_DATA, end - off));
        }
    }

    /** Clients currently connected (refused ones excluded). */
    public int clientCount() {
        return clients.size();
    }

    /** Frames dropped so far for clients whose backlog was full, over all clients. */
    public long droppedFrames() {
        return droppedFrames;
    }

    /** Clients refused because {@link #MAX_CLIENTS} were already connected. */
    public long refusedClients() {
        return refusedClients;
    }

    /**
     * Closes every client and the listener (§2.8 step 6) but leaves the socket file, which
     * {@link #close()} unlinks later (step 10).
     */
    public void closeConnections() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            closeClient(clients.get(i));
        }
        if (listening) {
            listening = false;
            loop.unregister(listenFd);
            LibC.closeQuietly(listenFd);
        }
    }

    /** {@link #closeConnections()}, then unlinks {@code <bundle>/attach}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closeConnections();
        closed = true;
        UnixSockets.unlinkAt(dirFd, SOCKET_NAME);
        LibC.closeQuietly(dirFd);
    }

    // ---- accepting

    private void acceptClients() {
        for (int i = 0; i < ACCEPTS_PER_EVENT && listening; i++) {
            int fd = UnixSockets.accept(listenFd);
            if (fd == -Errno.EAGAIN) {
                return;
            }
            if (fd == -Errno.EINTR || fd == -ECONNABORTED) {
                continue;
            }
            if (fd < 0) {
                // EMFILE and friends: the connection stays pending and the listener stays readable,
                // so stop watching it for a while instead of spinning.
                listener.onWarning("attach: accept failed: " + LibC.strerror(-fd));
                pauseAccepting();
                return;
            }
            if (clients.size() >= MAX_CLIENTS) {
                LibC.closeQuietly(fd);
                refusedClients++;
                if (!refusalReported) {
                    refusalReported = true;
                    listener.onWarning("attach: " + MAX_CLIENTS + " clients already attached; further clients are refused");
                }
                continue;
            }
            AttachClient c = new AttachClient(fd);
            try {
                c.interest = interestOf(c);
                loop.register(fd, c.interest, events -> onClientReady(c, events));
            } catch (NativeException e) {
                LibC.closeQuietly(fd);
                listener.onWarning("attach: could not watch a client: " + e.getMessage());
                continue;
            }
            clients.add(c);
        }
    }

    private void pauseAccepting() {
        try {
            loop.modify(listenFd, 0);
        } catch (NativeException e) {
            return;
        }
        loop.schedule(ACCEPT_PAUSE_MILLIS, () -> {
            if (listening) {
                try {
                    loop.modify(listenFd, Epoll.EPOLLIN);
                } catch (NativeException e) {
                    listener.onWarning("attach: could not resume accepting: " + e.getMessage());
                }
            }
        });
    }

    // ---- per-client events

    private void onClientReady(AttachClient c, int events) {
        if ((events & Epoll.EPOLLOUT) != 0) {
            flushBacklog(c);
        }
        if (c.closed) {
            return;
        }
        boolean hangup = (events & (Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0;
        if (c.inputOpen) {
            if (input == Input.ACTIVE && c.pendingLen == 0
                    && (events & (Epoll.EPOLLIN | Epoll.EPOLLRDHUP | Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0) {
                readInput(c);
            } else if (input == Input.NONE && (events & (Epoll.EPOLLRDHUP | Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0) {
                inputEnded(c);
            }
        }
        if (c.closed) {
            return; // the listener closed the server
        }
        if (hangup) {
            // The peer is gone (or broken): nothing more reaches it.
            c.outputOpen = false;
            c.dropBacklog();
            if (!c.inputOpen) {
                closeClient(c);
            } else if (input == Input.ACTIVE && c.pendingLen == 0) {
                updateInterest(c); // input left to read: level-triggered, the next round reads on
            } else {
                park(c); // its remaining input waits for stdin; HUP would fire on every round meanwhile
            }
            return;
        }
        if (!c.inputOpen && !c.outputOpen) {
            closeClient(c);
        } else {
            updateInterest(c);
        }
    }

    private void readInput(AttachClient c) {
        for (int i = 0; i < READS_PER_EVENT; i++) {
            long n = LibC.read(c.fd, readBuf, 0, readBuf.length);
            if (n > 0) {
                if (!deliver(c, readBuf, (int) n)) {
                    return; // stdin is full: this client waits
                }
                if (input != Input.ACTIVE) {
                    return;
                }
            } else if (n == 0) {
                inputEnded(c);
                return;
            } else if (n == -Errno.EAGAIN) {
                return;
            } else if (n != -Errno.EINTR) {
                inputEnded(c); // ECONNRESET and the like: the input side is over
                return;
            }
        }
    }

    /** Hands {@code buf[0, len)} to stdin; false when stdin kept part of it waiting (the client pauses). */
    private boolean deliver(AttachClient c, byte[] buf, int len) {
        int w = stdin.write(buf, 0, len);
        if (w == len) {
            return true;
        }
        if (w < 0 && w != -Errno.EAGAIN && w != -Errno.EINTR) {
            stdinFailed(w);
            return true;
        }
        int done = Math.max(0, w);
        c.keepPending(buf, done, len - done);
        awaitStdin();
        return false;
    }

    private void stdinFailed(int negErrno) {
        if (!stdinFailureReported) {
            stdinFailureReported = true;
            listener.onWarning("attach: could not write client input to the container's stdin: "
                    + LibC.strerror(-negErrno) + "; input is dropped");
        }
    }

    private void awaitStdin() {
        if (!awaitingStdin) {
            awaitingStdin = true;
            StdinTarget target = stdin;
            target.notifyWhenWritable(() -> onStdinWritable(target));
        }
    }

    private void onStdinWritable(StdinTarget target) {
        if (closed || target != stdin) {
            return; // a stale wake-up from a replaced target
        }
        awaitingStdin = false;
        flushPendingInput();
    }

    private void flushPendingInput() {
        for (int i = 0; i < clients.size(); i++) {
            AttachClient c = clients.get(i);
            if (c.pendingLen == 0) {
                continue;
            }
            int w = stdin.write(c.pending, c.pendingOff, c.pendingLen);
            if (w < 0 && w != -Errno.EAGAIN && w != -Errno.EINTR) {
                stdinFailed(w);
                c.dropPending();
            } else if (w > 0) {
                c.consumePending(w);
            }
            if (c.pendingLen > 0) {
                awaitStdin();
                return;
            }
            if (c.parked) {
                unpark(c);
            } else {
                updateInterest(c);
            }
        }
    }

    /** §3.5: shut down our read side; output keeps flowing until the client is gone. */
    private void inputEnded(AttachClient c) {
        c.inputOpen = false;
        c.dropPending();
        UnixSockets.shutdown(c.fd, UnixSockets.SHUT_RD);
        listener.onClientInputClosed();
    }

    // ---- output

    private void sendFrame(byte tag, byte[] buf, int off, int len) {
        frame.set(JAVA_BYTE, 0, tag);
        MemorySegment.copy(buf, off, frame, JAVA_BYTE, 1, len);
        // Backwards: a client closed on a failed send leaves the list without disturbing the walk.
        for (int i = clients.size() - 1; i >= 0; i--) {
            AttachClient c = clients.get(i);
            if (!c.outputOpen) {
                continue;
            }
            if (c.backlogBytes > 0) {
                enqueue(c, tag, buf, off, len); // behind what is already waiting: order is kept
                continue;
            }
            long n = UnixSockets.sendNonBlocking(c.fd, frame, len + 1);
            if (n >= 0) {
                continue;
            }
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                enqueue(c, tag, buf, off, len);
                updateInterest(c);
            } else {
                outputFailed(c);
            }
        }
    }

    private void enqueue(AttachClient c, byte tag, byte[] buf, int off, int len) {
        if (c.backlogBytes + len + 1 > CLIENT_BACKLOG_LIMIT) {
            if (c.droppedFrames == 0) {
                listener.onWarning("attach: a client is not reading its output; what exceeds "
                        + CLIENT_BACKLOG_LIMIT + " queued bytes is dropped for it");
            }
            c.droppedFrames++;
            c.droppedBytes += len;
            droppedFrames++;
            return;
        }
        byte[] f = new byte[len + 1];
        f[0] = tag;
        System.arraycopy(buf, off, f, 1, len);
        c.backlog.addLast(f);
        c.backlogBytes += f.length;
    }

    private void flushBacklog(AttachClient c) {
        while (c.outputOpen && !c.backlog.isEmpty()) {
            byte[] f = c.backlog.peekFirst();
            MemorySegment.copy(f, 0, frame, JAVA_BYTE, 0, f.length);
            long n = UnixSockets.sendNonBlocking(c.fd, frame, f.length);
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                return;
            }
            if (n < 0) {
                outputFailed(c);
                return;
            }
            c.backlog.pollFirst();
            c.backlogBytes -= f.length;
        }
    }

    /** conmon shuts down the write side of a client whose write failed; the client closes when both sides are. */
    private void outputFailed(AttachClient c) {
        c.outputOpen = false;
        c.dropBacklog();
        UnixSockets.shutdown(c.fd, UnixSockets.SHUT_WR);
        if (!c.inputOpen) {
            closeClient(c);
        } else {
            updateInterest(c);
        }
    }

    // ---- epoll interest and life cycle

    private int interestOf(AttachClient c) {
        int ev = 0;
        if (c.inputOpen) {
            if (input == Input.ACTIVE && c.pendingLen == 0) {
                ev |= Epoll.EPOLLIN | Epoll.EPOLLRDHUP;
            } else if (input == Input.NONE) {
                ev |= Epoll.EPOLLRDHUP; // input is not consumed (§3.4), but a half-close still counts
            }
        }
        if (c.outputOpen && !c.backlog.isEmpty()) {
            ev |= Epoll.EPOLLOUT;
        }
        return ev;
    }

    private void updateInterest(AttachClient c) {
        if (c.closed || c.parked) {
            return;
        }
        int ev = interestOf(c);
        if (ev != c.interest) {
            try {
                loop.modify(c.fd, ev);
                c.interest = ev;
            } catch (NativeException e) {
                listener.onWarning("attach: could not watch a client, closing it: " + e.getMessage());
                closeClient(c);
            }
        }
    }

    private void park(AttachClient c) {
        loop.unregister(c.fd);
        c.parked = true;
    }

    private void unpark(AttachClient c) {
        c.parked = false;
        try {
            c.interest = interestOf(c);
            loop.register(c.fd, c.interest, events -> onClientReady(c, events));
        } catch (NativeException e) {
            listener.onWarning("attach: could not watch a client, closing it: " + e.getMessage());
            c.parked = true; // not registered
            closeClient(c);
        }
    }

    private void closeClient(AttachClient c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        if (!c.parked) {
            loop.unregister(c.fd);
        }
        LibC.closeQuietly(c.fd);
        clients.remove(c);
        if (c.droppedFrames > 0) {
            listener.onWarning("attach: " + c.droppedFrames + " output frames (" + c.droppedBytes
                    + " bytes) were dropped for a client that did not read them");
        }
    }
}
