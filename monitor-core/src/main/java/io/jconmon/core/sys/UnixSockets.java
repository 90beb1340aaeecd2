package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** AF_UNIX sockets, which the JDK lacks in the kinds conmon needs (datagram, seqpacket). */
public final class UnixSockets {
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    private static final int AF_UNIX = 1;
    private static final int SUN_PATH_MAX = 108;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SO_SNDTIMEO = 21;
    private static final int AT_FDCWD = -100;
    /** struct msghdr and struct cmsghdr (x86-64): 56 and 16 bytes. */
    private static final int MSGHDR_SIZE = 56;
    private static final int CMSG_HEADER = 16;
    /** shutdown(2) directions. */
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    private UnixSockets() {}

    /** socket(AF_UNIX, type, 0); add SOCK_CLOEXEC/SOCK_NONBLOCK to {@code type} as wanted. */
    public static int socket(int type) throws NativeException {
        return (int) LibC.check("socket", Native.syscall(Syscalls.SOCKET, AF_UNIX, type, 0));
    }

    /** One datagram to {@code path}, without blocking and without SIGPIPE. */
    public static void sendTo(int fd, byte[] data, String path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(arena, path);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            LibC.check("sendto " + path, Native.syscall(Syscalls.SENDTO, fd, buf.address(), data.length,
                    MSG_NOSIGNAL | MSG_DONTWAIT, addr.address(), addr.byteSize()));
        }
    }

    /**
     * A listening, non-blocking, close-on-exec AF_UNIX socket bound as {@code name} inside the
     * directory open as {@code dirFd} (an O_PATH fd is enough). The address is
     * {@code /proc/self/fd/<dirFd>/<name>}, so the directory's own path may be longer than sun_path's
     * 108 bytes (conmon-interface.md §3.1). The file gets {@code mode} (less the umask): the mode is
     * set on the socket before bind(2), which creates the file with it, so it is never more open.
     */
    public static int listenAt(int dirFd, String name, int type, int backlog, int mode) throws NativeException {
        int fd = bindAt(dirFd, name, type, mode);
        try {
            LibC.check("listen " + name, Native.syscall(Syscalls.LISTEN, fd, backlog, 0));
            return fd;
        } catch (NativeException | RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * A bound, non-blocking, close-on-exec AF_UNIX socket of {@code type}, named {@code name} in the
     * directory open as {@code dirFd}, file mode {@code mode}; see {@link #listenAt}.
     */
    public static int bindAt(int dirFd, String name, int type, int mode) throws NativeException {
        int fd = socket(type | SOCK_NONBLOCK | SOCK_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            LibC.check("fchmod socket", Native.syscall(Syscalls.FCHMOD, fd, mode, 0));
            MemorySegment addr = sockaddr(arena, "/proc/self/fd/" + dirFd + "/" + name);
            LibC.check("bind " + name, Native.syscall(Syscalls.BIND, fd, addr.address(), addr.byteSize()));
            return fd;
        } catch (NativeException | RuntimeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    /** accept4(2) of one pending connection, non-blocking and close-on-exec: its fd, or {@code -errno} (-EAGAIN: none). */
    public static int accept(int listenFd) {
        return (int) Native.syscall(Syscalls.ACCEPT4, listenFd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC, 0, 0);
    }

    /** connect(2) to {@code path} (shorter than 108 bytes; go through /proc/self/fd for longer ones). */
    public static void connect(int fd, String path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(arena, path);
            LibC.check("connect " + path, Native.syscall(Syscalls.CONNECT, fd, addr.address(), addr.byteSize()));
        }
    }

    /**
     * send(2) of {@code buf[0, len)} (a native segment) as one message on a seqpacket socket,
     * never blocking and never raising SIGPIPE: bytes sent, or {@code -errno} (-EAGAIN: the peer's
     * queue is full; -EPIPE: the peer is gone).
     */
    public static long sendNonBlocking(int fd, MemorySegment buf, long len) {
        return Native.syscall(Syscalls.SENDTO, fd, buf.address(), len, MSG_NOSIGNAL | MSG_DONTWAIT, 0, 0);
    }

    /**
     * send(2) of {@code buf[0, len)} on a connected socket, waiting as long as the socket's send
     * timeout allows when the peer's queue is full ({@link #setSendTimeout}), never raising
     * SIGPIPE: bytes sent, or {@code -errno} (-EAGAIN: the timeout passed).
     */
    public static long sendWaiting(int fd, MemorySegment buf, long len) {
        return Native.syscall(Syscalls.SENDTO, fd, buf.address(), len, MSG_NOSIGNAL, 0, 0);
    }

    /**
     * sendmsg(2) on a connected datagram socket: an empty message carrying {@code passFd} as
     * SCM_RIGHTS (journald's way to receive an entry too large for one datagram); waiting like
     * {@link #sendWaiting} when {@code wait}, else not at all: 0, or {@code -errno}.
     */
    public static int sendFd(int fd, int passFd, boolean wait) {
        try (Arena arena = Arena.ofConfined()) {
            long controlLen = CMSG_HEADER + align8(4);
            MemorySegment control = arena.allocate(controlLen, 8);
            control.set(JAVA_LONG, 0, CMSG_HEADER + 4); // cmsg_len = CMSG_LEN(sizeof(int))
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            control.set(JAVA_INT, CMSG_HEADER, passFd);
            MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8); // no name, no iov: zero bytes of payload
            msg.set(JAVA_LONG, 32, control.address());
            msg.set(JAVA_LONG, 40, controlLen);
            long r = Native.syscall(Syscalls.SENDMSG, fd, msg.address(), MSG_NOSIGNAL | (wait ? 0 : MSG_DONTWAIT), 0, 0, 0);
            return r < 0 ? (int) r : 0;
        }
    }

    /** SO_SNDTIMEO: how long a send on a blocking socket may wait for room before failing with EAGAIN. */
    public static void setSendTimeout(int fd, int millis) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(JAVA_LONG, 0, millis / 1000);
            timeval.set(JAVA_LONG, 8, (millis % 1000) * 1000L);
            LibC.check("setsockopt SO_SNDTIMEO", Native.syscall(Syscalls.SETSOCKOPT, fd, SOL_SOCKET, SO_SNDTIMEO,
                    timeval.address(), 16, 0));
        }
    }

    /** shutdown(2) with {@link #SHUT_RD}, {@link #SHUT_WR} or {@link #SHUT_RDWR}: 0 or {@code -errno}. */
    public static int shutdown(int fd, int how) {
        return (int) Native.syscall(Syscalls.SHUTDOWN, fd, how, 0);
    }

    /** One message received with {@link #receiveWithFds}: its bytes, the fds it carried, and whether something did not fit. */
    public record ReceivedMessage(int length, int[] fds, boolean truncated) {}

    /**
     * recvmsg(2) of one message into {@code buf} together with the fds it carries (SCM_RIGHTS),
     * without blocking. Received fds are close-on-exec. Room is made for {@code maxFds} fds; when
     * the payload or the fds did not fit, {@code truncated} is set (fds the kernel could not hand
     * over are closed by it). Errors, -EAGAIN included, are thrown.
     */
    public static ReceivedMessage receiveWithFds(int fd, byte[] buf, int maxFds) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, buf.length));
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, buf.length);
            long controlLen = CMSG_HEADER + align8(4L * maxFds);
            MemorySegment control = arena.allocate(controlLen, 8);
            MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
            msg.set(JAVA_LONG, 16, iov.address());
            msg.set(JAVA_LONG, 24, 1);
            msg.set(JAVA_LONG, 32, control.address());
            msg.set(JAVA_LONG, 40, controlLen);
            long n = LibC.check("recvmsg", Native.syscall(Syscalls.RECVMSG, fd, msg.address(),
                    MSG_DONTWAIT | MSG_CMSG_CLOEXEC, 0, 0, 0));
            MemorySegment.copy(data, JAVA_BYTE, 0, buf, 0, (int) n);
            int flags = msg.get(JAVA_INT, 48);
            long usedControl = msg.get(JAVA_LONG, 40);
            int[] fds = new int[0];
            long off = 0;
            while (off + CMSG_HEADER <= usedControl) {
                long len = control.get(JAVA_LONG, off);
                if (len < CMSG_HEADER || off + len > usedControl) {
                    break;
                }
                if (control.get(JAVA_INT, off + 8) == SOL_SOCKET && control.get(JAVA_INT, off + 12) == SCM_RIGHTS) {
                    int count = (int) ((len - CMSG_HEADER) / 4);
                    int at = fds.length;
                    fds = Arrays.copyOf(fds, at + count);
                    for (int i = 0; i < count; i++) {
                        fds[at + i] = control.get(JAVA_INT, off + CMSG_HEADER + 4L * i);
                    }
                }
                off += align8(len);
            }
            return new ReceivedMessage((int) n, fds, (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
        }
    }

    /** unlinkat(2) of {@code name} relative to {@code dirFd} ({@code -1}: the working directory): 0 or {@code -errno}. */
    public static int unlinkAt(int dirFd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(name);
            return (int) Native.syscall(Syscalls.UNLINKAT, dirFd < 0 ? AT_FDCWD : dirFd, p.address(), 0);
        }
    }

    /**
     * symlink(2): {@code linkPath} → {@code target}. Here because a socket's directory is reached
     * through such a link (conmon-interface.md §3.1); {@code call} names the failure in the exception.
     */
    public static void symlink(String target, String linkPath, String call) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocateFrom(target);
            MemorySegment l = arena.allocateFrom(linkPath);
            LibC.check(call, Native.syscall(Syscalls.SYMLINKAT, t.address(), AT_FDCWD, l.address()));
        }
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /** A sockaddr_un for {@code path}; paths longer than sun_path are refused (callers go via /proc/self/fd). */
    static MemorySegment sockaddr(Arena arena, String path) throws NativeException {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) {
            throw new NativeException("socket address " + path, Errno.EINVAL);
        }
        MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX, 2);
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, addr, JAVA_BYTE, 2, p.length);
        return addr;
    }
}
