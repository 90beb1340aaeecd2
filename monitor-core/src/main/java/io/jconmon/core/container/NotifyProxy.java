package io.jconmon.core.container;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * The sd-notify proxy of {@code --sdnotify-socket} (conmon-interface.md §2.17): the container
 * notifies {@code <bundle>/notify/notify.sock}; the monitor forwards only the well-known state
 * lines to the host's notify socket, so a container can tell systemd it is ready but cannot
 * impersonate anything else (no fds, no MAINPID).
 */
final class NotifyProxy {
    private static final int DATAGRAM_MAX = 32768;
    private static final String[] EXACT = {"READY=1", "RELOADING=1", "STOPPING=1", "WATCHDOG=1", "WATCHDOG=trigger"};
    private static final String[] PREFIXES = {"STATUS=", "ERRNO=", "BUSERROR=", "MONOTONIC_USEC="};

    private final String hostSocket;
    private final Diagnostics diag;
    private final byte[] buffer = new byte[DATAGRAM_MAX];
    private int fd = -1;
    private int outFd = -1;

    NotifyProxy(String hostSocket, Diagnostics diag) {
        this.hostSocket = hostSocket;
        this.diag = diag;
    }

    /** Binds {@code <bundle>/notify/notify.sock} (mode 0777; the engine created the directory). */
    void open(Path bundle, EventLoop loop) throws IOException {
        Path dir = bundle.resolve("notify");
        int dirFd = LibC.open(dir.toString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        try {
            UnixSockets.unlinkAt(dirFd, "notify.sock");
            fd = UnixSockets.bindAt(dirFd, "notify.sock", UnixSockets.SOCK_DGRAM, 0777);
            // Anyone in the container may notify, whatever its user: 0777 regardless of the umask.
            java.nio.file.Files.setPosixFilePermissions(dir.resolve("notify.sock"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            LibC.closeQuietly(fd);
            throw e;
        } finally {
            LibC.closeQuietly(dirFd);
        }
        outFd = UnixSockets.socket(UnixSockets.SOCK_DGRAM | UnixSockets.SOCK_CLOEXEC | UnixSockets.SOCK_NONBLOCK);
        loop.register(fd, Epoll.EPOLLIN, events -> forwardPending());
    }

    private void forwardPending() {
        while (true) {
            long n = LibC.read(fd, buffer, 0, buffer.length);
            if (n < 0) {
                if (n != -Errno.EAGAIN) {
                    diag.warn("notify socket: " + LibC.strerror((int) -n));
                }
                return;
            }
            String kept = filter(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
            if (kept.isEmpty()) {
                continue;
            }
            try {
                UnixSockets.sendTo(outFd, kept.getBytes(StandardCharsets.UTF_8), hostSocket);
            } catch (NativeException e) {
                diag.warn("Failed to forward to the host's notify socket " + hostSocket + ": " + e.reason());
            }
        }
    }

    /** The lines of one notification that may pass, joined with newlines ("" when none). */
    static String filter(String message) {
        StringJoiner kept = new StringJoiner("\n");
        for (String line : message.split("[\n\r]")) {
            if (allowed(line)) {
                kept.add(line);
            }
        }
        return kept.toString();
    }

    private static boolean allowed(String line) {
        for (String e : EXACT) {
            if (line.equals(e)) {
                return true;
            }
        }
        for (String p : PREFIXES) {
            if (line.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    void close() {
        LibC.closeQuietly(fd);
        LibC.closeQuietly(outFd);
    }
}
