package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The basic libc calls the monitor needs: file descriptors, processes, time.
 * Calls that fail throw {@link NativeException}, except the hot-path ones ({@link #read},
 * {@link #write}) which return {@code -errno} so that EAGAIN costs no exception.
 */
public final class LibC {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_PATH = 0x200000;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int FD_CLOEXEC = 1;

    public static final int WNOHANG = 1;
    public static final int PR_SET_CHILD_SUBREAPER = 36;

    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;

    private static final int CLOCK_REALTIME = 0;

    private static final MethodHandle READ = Native.function("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
    private static final MethodHandle WRITE = Native.function("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
    private static final MethodHandle CLOSE = Native.function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = Native.function("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DUP3 = Native.function("dup3",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Native.function("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = Native.function("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle KILL = Native.function("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITPID = Native.function("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETPGID = Native.function("getpgid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PRCTL = Native.function("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle CLOCK_GETTIME = Native.function("clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.critical(false));
    private static final MethodHandle STRERROR = Native.plainFunction("strerror",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.global().allocate(16, 8));
    private static final ThreadLocal<MemorySegment> STATUS =
            ThreadLocal.withInitial(() -> Arena.global().allocate(4, 4));

    private LibC() {}

    /** read(2) into {@code buf[off, off+len)}: bytes read, 0 at EOF, or {@code -errno}. */
    public static long read(int fd, byte[] buf, int off, int len) {
        MemorySegment state = Native.errnoState();
        try {
            long n = (long) READ.invokeExact(state, fd, MemorySegment.ofArray(buf).asSlice(off, len), (long) len);
            return n >= 0 ? n : -Native.errno(state);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * read(2) into a reusable heap segment (the hot path: no allocation per call).
     * Returns bytes read, 0 at EOF, or {@code -errno}.
     */
    public static long read(int fd, MemorySegment buf) {
        MemorySegment state = Native.errnoState();
        try {
            long n = (long) READ.invokeExact(state, fd, buf, buf.byteSize());
            return n >= 0 ? n : -Native.errno(state);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** write(2) from {@code buf[off, off+len)}: bytes written or {@code -errno}. */
    public static long write(int fd, byte[] buf, int off, int len) {
        MemorySegment state = Native.errnoState();
        try {
            long n = (long) WRITE.invokeExact(state, fd, MemorySegment.ofArray(buf).asSlice(off, len), (long) len);
            return n >= 0 ? n : -Native.errno(state);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Writes all of {@code buf[off, off+len)}, retrying on EINTR and partial writes (blocking fds). */
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
        check("close", call1(CLOSE, fd));
    }

    /** close(2) for cleanup paths where the error can't matter. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            call1(CLOSE, fd);
        }
    }

    /** pipe2(2): {@code [read end, write end]}. */
    public static int[] pipe2(int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8, 4);
            MemorySegment state = Native.errnoState();
            int r = (int) PIPE2.invokeExact(state, fds, flags);
            if (r < 0) {
                throw new NativeException("pipe2", Native.errno(state));
            }
            return new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** dup3(2): makes {@code newFd} a copy of {@code oldFd}. */
    public static void dup3(int oldFd, int newFd, int flags) throws NativeException {
        MemorySegment state = Native.errnoState();
        try {
            int r = (int) DUP3.invokeExact(state, oldFd, newFd, flags);
            if (r < 0) {
                throw new NativeException("dup3", Native.errno(state));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** fcntl(2) with an int argument. */
    public static int fcntl(int fd, int cmd, int arg) throws NativeException {
        MemorySegment state = Native.errnoState();
        try {
            int r = (int) FCNTL.invokeExact(state, fd, cmd, arg);
            if (r < 0) {
                throw new NativeException("fcntl", Native.errno(state));
            }
            return r;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
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

    /** open(2). */
    public static int open(String path, int flags, int mode) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.errnoState();
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, mode);
            if (fd < 0) {
                throw new NativeException("open " + path, Native.errno(state));
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** kill(2): 0 on success, else the errno (no exception: callers decide what ESRCH means). */
    public static int kill(int pid, int signal) {
        MemorySegment state = Native.errnoState();
        try {
            int r = (int) KILL.invokeExact(state, pid, signal);
            return r == 0 ? 0 : Native.errno(state);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** getpgid(2), or -1 when the process is gone. */
    public static int getpgid(int pid) {
        return call1(GETPGID, pid);
    }

    /**
     * waitpid(2) with a status out-parameter: returns {@code pid} in bits 0-31 and the raw wait
     * status in bits 32-63; 0 when nothing is ready (WNOHANG); {@code -errno} on failure.
     */
    public static long waitpid(int pid, int options) {
        MemorySegment state = Native.errnoState();
        MemorySegment status = STATUS.get();
        try {
            int r = (int) WAITPID.invokeExact(state, pid, status, options);
            if (r < 0) {
                return -Native.errno(state);
            }
            return ((long) status.get(JAVA_INT, 0) << 32) | (r & 0xffffffffL);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** prctl(2) with one argument. */
    public static void prctl(int option, long arg) throws NativeException {
        MemorySegment state = Native.errnoState();
        try {
            int r = (int) PRCTL.invokeExact(state, option, arg, 0L, 0L, 0L);
            if (r < 0) {
                throw new NativeException("prctl", Native.errno(state));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** CLOCK_REALTIME in nanoseconds since the epoch, without allocating (log timestamps). */
    public static long realtimeNanos() {
        MemorySegment ts = TIMESPEC.get();
        try {
            int r = (int) CLOCK_GETTIME.invokeExact(Native.errnoState(), CLOCK_REALTIME, ts);
            if (r != 0) {
                throw new IllegalStateException("clock_gettime failed");
            }
            return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The C library's message for an errno, as strerror(3) gives it. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + errno;
        }
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

    private static int call1(MethodHandle h, int arg) {
        MemorySegment state = Native.errnoState();
        try {
            int r = (int) h.invokeExact(state, arg);
            return r < 0 ? -Native.errno(state) : r;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void check(String call, int result) throws NativeException {
        if (result < 0 && result != -Errno.EINTR) {
            throw new NativeException(call, -result);
        }
    }
}
