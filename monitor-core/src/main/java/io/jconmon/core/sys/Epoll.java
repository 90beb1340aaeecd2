package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** epoll(7) and signalfd(2): what the event loop waits with. */
public final class Epoll {
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;

    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int SFD_NONBLOCK = 0x800;
    private static final int SFD_CLOEXEC = 0x80000;

    /** struct epoll_event is packed on x86-64: u32 events, u64 data = 12 bytes. */
    public static final int EVENT_SIZE = 12;
    /** struct signalfd_siginfo is 128 bytes; ssi_signo at 0, ssi_pid at 12. */
    public static final int SIGINFO_SIZE = 128;

    private static final MethodHandle CREATE = Native.function("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Native.function("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Native.function("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle SIGNALFD = Native.function("signalfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private Epoll() {}

    /** epoll_create1(EPOLL_CLOEXEC). */
    public static int create() throws NativeException {
        MemorySegment state = Native.errnoState();
        try {
            int fd = (int) CREATE.invokeExact(state, EPOLL_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("epoll_create1", Native.errno(state));
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void add(int epfd, int fd, int events) throws NativeException {
        ctl(epfd, EPOLL_CTL_ADD, fd, events);
    }

    public static void modify(int epfd, int fd, int events) throws NativeException {
        ctl(epfd, EPOLL_CTL_MOD, fd, events);
    }

    public static void remove(int epfd, int fd) throws NativeException {
        ctl(epfd, EPOLL_CTL_DEL, fd, 0);
    }

    private static void ctl(int epfd, int op, int fd, int events) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(EVENT_SIZE, 4);
            ev.set(JAVA_INT_UNALIGNED, 0, events);
            ev.set(JAVA_LONG_UNALIGNED, 4, fd);
            MemorySegment state = Native.errnoState();
            int r = (int) CTL.invokeExact(state, epfd, op, fd, ev);
            if (r < 0) {
                throw new NativeException("epoll_ctl", Native.errno(state));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * epoll_wait into {@code events} (room for {@code max} events of {@link #EVENT_SIZE} bytes).
     * Returns the number of events, 0 on timeout or EINTR.
     */
    public static int await(int epfd, MemorySegment events, int max, int timeoutMillis) throws NativeException {
        MemorySegment state = Native.errnoState();
        try {
            int n = (int) WAIT.invokeExact(state, epfd, events, max, timeoutMillis);
            if (n < 0) {
                int errno = Native.errno(state);
                if (errno == Errno.EINTR) {
                    return 0;
                }
                throw new NativeException("epoll_wait", errno);
            }
            return n;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The ready-events mask of event {@code i}. */
    public static int eventsAt(MemorySegment events, int i) {
        return events.get(JAVA_INT_UNALIGNED, (long) i * EVENT_SIZE);
    }

    /** The fd of event {@code i} (jconmon stores the fd as the event's data). */
    public static int fdAt(MemorySegment events, int i) {
        return (int) events.get(JAVA_LONG_UNALIGNED, (long) i * EVENT_SIZE + 4);
    }

    /**
     * A non-blocking signalfd for the given signals. The signals must already be blocked in every
     * thread: the launcher blocks them before it executes the JVM, and the JVM runs with -Xrs.
     */
    public static int signalfd(int... signals) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128, 8); // sigset_t; the kernel reads 8 bytes
            long bits = 0;
            for (int s : signals) {
                bits |= 1L << (s - 1);
            }
            mask.set(JAVA_LONG, 0, bits);
            MemorySegment state = Native.errnoState();
            int fd = (int) SIGNALFD.invokeExact(state, -1, mask, SFD_NONBLOCK | SFD_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("signalfd", Native.errno(state));
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A direct buffer for {@code max} epoll events, owned by the caller's arena. */
    public static MemorySegment allocateEvents(Arena arena, int max) {
        return arena.allocate((long) EVENT_SIZE * max, 8);
    }

}
