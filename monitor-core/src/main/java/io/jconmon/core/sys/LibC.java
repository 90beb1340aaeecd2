package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The basic system calls the monitor needs: file descriptors, processes, time.
 * Calls that fail throw {@link NativeException}, except the hot-path ones ({@link #read},
 * {@link #write}) which return {@code -errno} so that EAGAIN costs no exception.
 */
public final class LibC {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_PATH = 0x200000;

    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int FD_CLOEXEC = 1;
    /** memfd_create(2) flags and file seals (fcntl F_ADD_SEALS), for journald's large entries. */
    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int F_SEAL_SEAL = 1;
    public static final int F_SEAL_SHRINK = 2;
    public static final int F_SEAL_GROW = 4;
    public static final int F_SEAL_WRITE = 8;

    public static final int WNOHANG = 1;
    public static final int PR_SET_CHILD_SUBREAPER = 36;

    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;

    private static final int AT_FDCWD = -100;
    private static final int CLOCK_REALTIME = 0;

    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.global().allocate(16, 8));

    private LibC() {}


    /**
     * read(2) into {@code buf[off, off+len)} of a heap array, without copying (the log hot path:
     * no allocation per call). Non-blocking fds only: the array is pinned during the call.
     * Returns bytes read, 0 at EOF, or {@code -errno}.
     */
    public static long read(int fd, byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        return Native.syscallArray(Syscalls.READ, fd, buf, off, len);
    }

    /** write(2) from {@code buf[off, off+len)}: bytes written or {@code -errno}. */
    public static long write(int fd, byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        return Native.syscallArray(Syscalls.WRITE, fd, buf, off, len);
    }

    /** Writes all of {@code buf[off, off+len)}, retrying on EINTR and partial writes. */
    public static void writeFully(int fd, byte[] buf, int off, int len) throws NativeException {
        while (len > 0) {
            long n = write(fd, buf, off, len);
            if (n == -Errno.EINTR) {
                continue;
            }
            if (n < 0) {
                throw new NativeException("write", (int) -n);
            }
            off += (int) n;
            len -= (int) n;
        }
    }

    /** close(2); errors other than EINTR are reported, EBADF included (it means a double close). */
    public static void close(int fd) throws NativeException {
        long r = Native.syscall(Syscalls.CLOSE, fd, 0, 0);
        if (r < 0 && r != -Errno.EINTR) {
            throw new NativeException("close", (int) -r);
        }
    }

    /** close(2) for cleanup paths where the error can't matter. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            Native.syscall(Syscalls.CLOSE, fd, 0, 0);
        }
    }

    /** pipe2(2): {@code [read end, write end]}. */
    public static int[] pipe2(int flags) throws NativeException {
        MemorySegment fds = SCRATCH.get();
        check("pipe2", Native.syscall(Syscalls.PIPE2, fds.address(), flags, 0));
        return new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
    }

    /** dup3(2): makes {@code newFd} a copy of {@code oldFd}. */
    public static void dup3(int oldFd, int newFd, int flags) throws NativeException {
        check("dup3", Native.syscall(Syscalls.DUP3, oldFd, newFd, flags));
    }

    /** fcntl(2) with an int argument. */
    public static int fcntl(int fd, int cmd, int arg) throws NativeException {
        return (int) check("fcntl", Native.syscall(Syscalls.FCNTL, fd, cmd, arg));
    }

    /** Sets or clears O_NONBLOCK. */
    public static void setNonBlocking(int fd, boolean on) throws NativeException {
        int flags = fcntl(fd, F_GETFL, 0);
        fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    }

    /** Sets or clears FD_CLOEXEC. */
    public static void setCloseOnExec(int fd, boolean on) throws NativeException {
        int flags = fcntl(fd, F_GETFD, 0);
        fcntl(fd, F_SETFD, on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC);
    }

    /** open(2), relative to {@code dirFd} ({@code -1} for the working directory). */
    public static int openAt(int dirFd, String path, int flags, int mode) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            long r = Native.syscall(Syscalls.OPENAT, dirFd < 0 ? AT_FDCWD : dirFd, p.address(), flags, mode, 0, 0);
            if (r < 0) {
                throw new NativeException("open " + path, (int) -r);
            }
            return (int) r;
        }
    }

    /** open(2). */
    public static int open(String path, int flags, int mode) throws NativeException {
        return openAt(-1, path, flags, mode);
    }

    /** kill(2): 0 on success, else the errno (no exception: callers decide what ESRCH means). */
    public static int kill(int pid, int signal) {
        long r = Native.syscall(Syscalls.KILL, pid, signal, 0);
        return r < 0 ? (int) -r : 0;
    }

    /** getpgid(2), or a negative errno when the process is gone. */
    public static int getpgid(int pid) {
        return (int) Native.syscall(Syscalls.GETPGID, pid, 0, 0);
    }

    /**
     * waitpid(2): returns {@code pid} in bits 0-31 and the raw wait status in bits 32-63; 0 when
     * nothing is ready (WNOHANG); {@code -errno} on failure.
     */
    public static long waitpid(int pid, int options) {
        MemorySegment status = SCRATCH.get();
        status.set(JAVA_INT, 0, 0);
        long r = Native.syscall(Syscalls.WAIT4, pid, status.address(), options, 0, 0, 0);
        if (r <= 0) {
            return r;
        }
        return ((long) status.get(JAVA_INT, 0) << 32) | (r & 0xffffffffL);
    }

    /**
     * pidfd_open(2): an fd that becomes readable when process {@code pid} exits, whoever its
     * parent is. Close-on-exec.
     */
    public static int pidfdOpen(int pid) throws NativeException {
        return (int) check("pidfd_open", Native.syscall(Syscalls.PIDFD_OPEN, pid, 0, 0));
    }

    /** eventfd2(2) with an initial count of 0; flags O_CLOEXEC / O_NONBLOCK. */
    public static int eventfd(int flags) throws NativeException {
        return (int) check("eventfd", Native.syscall(Syscalls.EVENTFD2, 0, flags, 0));
    }

    /** prctl(2) with one argument. */
    public static void prctl(int option, long arg) throws NativeException {
        check("prctl", Native.syscall(Syscalls.PRCTL, option, arg, 0, 0, 0, 0));
    }

    /** CLOCK_REALTIME in nanoseconds since the epoch, without allocating (log timestamps). */
    public static long realtimeNanos() {
        MemorySegment ts = SCRATCH.get();
        Native.syscall(Syscalls.CLOCK_GETTIME, CLOCK_REALTIME, ts.address(), 0);
        return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
    }

    /** memfd_create(2): an anonymous in-memory file named {@code name} (shown in /proc only). */
    public static int memfdCreate(String name, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(name);
            return (int) check("memfd_create", Native.syscall(Syscalls.MEMFD_CREATE, p.address(), flags, 0));
        }
    }

    /** mknodat(2) for a fifo with {@code mode} (before the umask). */
    public static void mkfifo(String path, int mode) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            check("mkfifo " + path, Native.syscall(Syscalls.MKNODAT, AT_FDCWD, p.address(), 0010000 | mode, 0, 0, 0));
        }
    }

    /** The C library's message for an errno, as strerror(3) gives it. */
    public static String strerror(int errno) {
        return Native.strerror(errno);
    }

    /**
     * Touches every native-memory access shape the native layer uses, so that the JVM generates
     * their method handles now, on the warm-up thread, rather than on the container-start path.
     */
    public static void warmMemoryAccess() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(64, 8);
            m.set(JAVA_INT, 0, 1);
            m.set(JAVA_LONG, 8, m.get(JAVA_INT, 0));
            m.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 16, (short) 1);
            m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 18, (byte) 1);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 20, m.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 16));
            m.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 28, m.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 20));
            m.setAtIndex(java.lang.foreign.ValueLayout.ADDRESS, 5, arena.allocateFrom("warm"));
            m.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 28);
            m.getAtIndex(java.lang.foreign.ValueLayout.ADDRESS, 5).reinterpret(8).getString(0);
            MemorySegment.copy(new byte[4], 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 40, 4);
        }
    }

    /** Loads the native library now, off the critical path (see NativeWarmUp). */
    public static void load() {
        Native.load();
    }

    /** Decodes a raw wait status the way conmon does: exit code, 128+signal, else -1 (§2.7). */
    public static int exitStatusOf(int rawStatus) {
        int signal = rawStatus & 0x7f;
        if (signal == 0) {
            return (rawStatus >> 8) & 0xff;
        }
        if (signal != 0x7f) {
            return 128 + signal;
        }
        return -1;
    }

    static long check(String call, long result) throws NativeException {
        if (result < 0) {
            throw new NativeException(call, (int) -result);
        }
        return result;
    }
}
