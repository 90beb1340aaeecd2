package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The other side of the kernel objects the monitor uses, for tests: the calls a runtime, a pty
 * user or an engine would make. Real system calls through the same syscall(2) binding.
 */
public final class SysTestSupport {
    private static final int TIOCGPTN = 0x80045430;
    private static final int TIOCSPTLCK = 0x40045431;
    private static final int FIONREAD = 0x541B;
    private static final int O_NOCTTY = 0x100;

    private SysTestSupport() {}

    /** socketpair(AF_UNIX, type | SOCK_CLOEXEC). */
    public static int[] socketPair(int type) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8, 4);
            LibC.check("socketpair", Native.syscall(Syscalls.SOCKETPAIR, 1, type | UnixSockets.SOCK_CLOEXEC, 0,
                    fds.address(), 0, 0));
            return new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
        }
    }

    /** sendmsg(2) of {@code payload} with {@code fds} as SCM_RIGHTS (what runc does on --console-socket). */
    public static void sendWithFds(int sock, byte[] payload, int... fds) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, payload.length));
            MemorySegment.copy(payload, 0, data, JAVA_BYTE, 0, payload.length);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(JAVA_LONG, 0, data.address());
            iov.set(JAVA_LONG, 8, payload.length);
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(JAVA_LONG, 16, iov.address());
            msg.set(JAVA_LONG, 24, 1);
            if (fds.length > 0) {
                long cmsgLen = 16 + 4L * fds.length;
                long space = (cmsgLen + 7) & ~7L;
                MemorySegment control = arena.allocate(space, 8);
                control.set(JAVA_LONG, 0, cmsgLen);
                control.set(JAVA_INT, 8, 1); // SOL_SOCKET
                control.set(JAVA_INT, 12, 1); // SCM_RIGHTS
                for (int i = 0; i < fds.length; i++) {
                    control.set(JAVA_INT, 16 + 4L * i, fds[i]);
                }
                msg.set(JAVA_LONG, 32, control.address());
                msg.set(JAVA_LONG, 40, space);
            }
            LibC.check("sendmsg", Native.syscall(Syscalls.SENDMSG, sock, msg.address(), 0x4000, 0, 0, 0));
        }
    }

    /** send(2) of {@code data[off, off+len)} with MSG_NOSIGNAL|MSG_DONTWAIT: bytes sent or -errno. */
    public static long send(int fd, byte[] data, int off, int len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, JAVA_BYTE, 0, len);
            return UnixSockets.sendNonBlocking(fd, buf, len);
        }
    }

    /** A pty master from /dev/ptmx, unlocked (posix_openpt + unlockpt). */
    public static int openPtyMaster() throws NativeException {
        int fd = LibC.open("/dev/ptmx", LibC.O_RDWR | O_NOCTTY | LibC.O_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zero = arena.allocate(4, 4);
            LibC.check("TIOCSPTLCK", Native.syscall(Syscalls.IOCTL, fd, TIOCSPTLCK, zero.address()));
            return fd;
        } catch (NativeException e) {
            LibC.closeQuietly(fd);
            throw e;
        }
    }

    /** The pty's number N (/dev/pts/N). */
    public static int ptyNumber(int master) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(4, 4);
            LibC.check("TIOCGPTN", Native.syscall(Syscalls.IOCTL, master, TIOCGPTN, n.address()));
            return n.get(JAVA_INT, 0);
        }
    }

    /** c_oflag of the terminal (TCGETS). */
    public static int outputFlags(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(Terminal.TERMIOS_SIZE, 4);
            LibC.check("TCGETS", Native.syscall(Syscalls.IOCTL, fd, Terminal.TCGETS, t.address()));
            return t.get(JAVA_INT, Terminal.C_OFLAG);
        }
    }

    /** Replaces c_oflag of the terminal (TCGETS, TCSETS). */
    public static void setOutputFlags(int fd, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(Terminal.TERMIOS_SIZE, 4);
            LibC.check("TCGETS", Native.syscall(Syscalls.IOCTL, fd, Terminal.TCGETS, t.address()));
            t.set(JAVA_INT, Terminal.C_OFLAG, flags);
            LibC.check("TCSETS", Native.syscall(Syscalls.IOCTL, fd, Terminal.TCSETS, t.address()));
        }
    }

    /** TIOCGWINSZ: {rows, cols}. */
    public static int[] windowSize(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8, 2);
            LibC.check("TIOCGWINSZ", Native.syscall(Syscalls.IOCTL, fd, Terminal.TIOCGWINSZ, ws.address()));
            return new int[] {Short.toUnsignedInt(ws.get(JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(JAVA_SHORT, 2))};
        }
    }

    /** FIONREAD: bytes waiting in a pipe/fifo (either end) or socket. */
    public static int bytesQueued(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(4, 4);
            LibC.check("FIONREAD", Native.syscall(Syscalls.IOCTL, fd, FIONREAD, n.address()));
            return n.get(JAVA_INT, 0);
        }
    }

    /** True when {@code fd} is open in this process (fcntl F_GETFD succeeds). */
    public static boolean isOpen(int fd) {
        return Native.syscall(Syscalls.FCNTL, fd, LibC.F_GETFD, 0) >= 0;
    }
}
