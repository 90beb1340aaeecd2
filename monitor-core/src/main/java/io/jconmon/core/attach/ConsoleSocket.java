package io.jconmon.core.attach;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.Terminal;
import io.jconmon.core.sys.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The console socket for {@code -t} (conmon-interface.md §3.7): {@code $TMPDIR/conmon-term.XXXXXX},
 * a SOCK_STREAM listener the runtime connects to ({@code --console-socket}) to hand over the pty
 * master with SCM_RIGHTS.
 *
 * <p>Driven by the {@link EventLoop}, not a blocking accept: the runtime connects while the monitor
 * is already waiting for it in the loop, and a runtime that never connects (or connects and sends
 * nothing) must not freeze the monitor; the monitor notices through the runtime's exit instead.
 * When the runtime's exit is seen before this socket's readiness, {@link #poll()} processes what is
 * already queued. Loop thread only.
 */
public final class ConsoleSocket implements AutoCloseable {
    /** conmon's fatal message when the handover is anything but one message with one fd. */
    public static final String FAILURE = "Failed to receive console file descriptor";
    /** The payload (pty name) must be shorter than this. */
    static final int NAME_MAX = 4096;
    private static final int LISTEN_BACKLOG = 128;
    private static final int SOCKET_MODE = 0700;
    private static final int MAX_FDS = 4; // room to see (and close) more than the one expected
    private static final int NAME_ATTEMPTS = 100;
    private static final int EADDRINUSE = 98;
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** What the monitor hears; called on the loop thread, exactly once in all. */
    public interface Listener {
        /**
         * The pty master arrived: non-blocking, close-on-exec, ONLCR set. The caller owns
         * {@code ptyFd}. The monitor now wraps it in a {@link StdinFd} for the attach socket,
         * reads output from it and applies the last window size.
         */
        void onConsole(int ptyFd, String ptyName);

        /** The handover failed; the message starts with {@link #FAILURE}. Fatal for the monitor. */
        void onFailure(IOException error);
    }

    private final EventLoop loop;
    private final Listener listener;
    private final Consumer<String> warnings;
    private final String path;
    private final String name;
    private int dirFd;
    private int listenFd;
    private int connFd = -1;
    private boolean done;

    private ConsoleSocket(EventLoop loop, Listener listener, Consumer<String> warnings, String path, String name,
            int dirFd, int listenFd) {
        this.loop = loop;
        this.listener = listener;
        this.warnings = warnings;
        this.path = path;
        this.name = name;
        this.dirFd = dirFd;
        this.listenFd = listenFd;
    }

    /** Creates the socket in {@code $TMPDIR} (else {@code /tmp}) and starts listening on {@code loop}. */
    public static ConsoleSocket open(EventLoop loop, Listener listener, Consumer<String> warnings)
            throws NativeException {
        String tmp = System.getenv("TMPDIR");
        return open(loop, tmp == null || tmp.isEmpty() ? "/tmp" : tmp, listener, warnings);
    }

    /** Creates the socket in {@code dir} and starts listening on {@code loop}. */
    public static ConsoleSocket open(EventLoop loop, String dir, Listener listener, Consumer<String> warnings)
            throws NativeException {
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        int dirFd = LibC.open(dir, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        try {
            for (int attempt = 1; ; attempt++) {
                String name = "conmon-term." + randomSuffix();
                int fd;
                try {
                    // Bound through /proc/self/fd like the attach socket, so a long $TMPDIR still binds.
                    fd = UnixSockets.listenAt(dirFd, name, UnixSockets.SOCK_STREAM, LISTEN_BACKLOG, SOCKET_MODE);
                } catch (NativeException e) {
                    if (e.errno() == EADDRINUSE && attempt < NAME_ATTEMPTS) {
                        continue; // the name is taken: draw another, as mkstemp would
                    }
                    throw e;
                }
                String path = (dir.equals("/") ? "" : dir) + "/" + name;
                ConsoleSocket s = new ConsoleSocket(loop, listener, warnings, path, name, dirFd, fd);
                try {
                    loop.register(fd, Epoll.EPOLLIN, events -> s.acceptConnection());
                } catch (NativeException e) {
                    LibC.closeQuietly(fd);
                    UnixSockets.unlinkAt(dirFd, name);
                    throw e;
                }
                return s;
            }
        } catch (NativeException | RuntimeException e) {
            LibC.closeQuietly(dirFd);
            throw e;
        }
    }

    /** For the runtime's {@code --console-socket}. */
    public String path() {
        return path;
    }

    /** True once the pty was delivered or the handover failed. */
    public boolean isDone() {
        return done;
    }

    /** Processes a connection or message that is already queued, without waiting. */
    public void poll() {
        if (!done && listenFd >= 0) {
            acceptConnection();
        }
        if (!done && connFd >= 0) {
            receive();
        }
    }

    private void acceptConnection() {
        int fd = UnixSockets.accept(listenFd);
        if (fd == -Errno.EAGAIN || fd == -Errno.EINTR) {
            return;
        }
        // conmon takes one connection: stop listening and remove the path either way.
        stopListening();
        if (fd < 0) {
            fail("accept: " + LibC.strerror(-fd));
            return;
        }
        connFd = fd;
        try {
            loop.register(connFd, Epoll.EPOLLIN, events -> receive());
        } catch (NativeException e) {
            fail(e.getMessage());
            return;
        }
        receive(); // the runtime sends right after connecting: usually already here
    }

    private void receive() {
        byte[] buf = new byte[NAME_MAX];
        UnixSockets.ReceivedMessage m;
        try {
            m = UnixSockets.receiveWithFds(connFd, buf, MAX_FDS);
        } catch (NativeException e) {
            if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
                return;
            }
            fail(e.reason());
            return;
        }
        closeConnection();
        String problem = null;
        if (m.length() == 0 && m.fds().length == 0) {
            problem = "the runtime closed the console socket without sending anything";
        } else if (m.truncated() || m.length() >= NAME_MAX) {
            problem = "the message was too large";
        } else if (m.fds().length != 1) {
            problem = "expected one file descriptor, got " + m.fds().length;
        }
        if (problem != null) {
            for (int fd : m.fds()) {
                LibC.closeQuietly(fd);
            }
            fail(problem);
            return;
        }
        int pty = m.fds()[0];
        int nameLen = 0;
        while (nameLen < m.length() && buf[nameLen] != 0) {
            nameLen++;
        }
        String ptyName = new String(buf, 0, nameLen, StandardCharsets.UTF_8);
        try {
            LibC.setNonBlocking(pty, true);
        } catch (NativeException e) {
            warnings.accept("Failed to make the console non-blocking: " + e.getMessage());
        }
        try {
            Terminal.setOnlcr(pty); // §3.7: tty logs get "\r\n"
        } catch (NativeException e) {
            warnings.accept("Failed to set ONLCR on the console: " + e.getMessage());
        }
        done = true;
        listener.onConsole(pty, ptyName);
    }

    private void fail(String detail) {
        closeConnection();
        stopListening();
        done = true;
        listener.onFailure(new IOException(FAILURE + ": " + detail));
    }

    private void stopListening() {
        if (listenFd >= 0) {
            loop.unregister(listenFd);
            LibC.closeQuietly(listenFd);
            listenFd = -1;
        }
        if (dirFd >= 0) {
            UnixSockets.unlinkAt(dirFd, name);
            LibC.closeQuietly(dirFd);
            dirFd = -1;
        }
    }

    private void closeConnection() {
        if (connFd >= 0) {
            loop.unregister(connFd);
            LibC.closeQuietly(connFd);
            connFd = -1;
        }
    }

    /** Stops listening, unlinks the path if still there, drops any connection. Idempotent. */
    @Override
    public void close() {
        closeConnection();
        stopListening();
        done = true;
    }

    private static String randomSuffix() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = SUFFIX_CHARS.charAt(r.nextInt(SUFFIX_CHARS.length()));
        }
        return new String(c);
    }
}
