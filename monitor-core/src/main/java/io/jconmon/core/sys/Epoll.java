package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
    /** struct signalfd_siginfo is 128 bytes; ssi_signo at 0. */
    public static final int SIGINFO_SIZE = 128;

    private static final ThreadLocal<MemorySegment> CTL_EVENT =
            ThreadLocal.withInitial(() -> Arena.global().allocate(16, 8));

    private Epoll() {}

    /** epoll_create1(EPOLL_CLOEXEC). */
    public static int create() throws NativeException {
        return (int) LibC.check("epoll_create1", Native.syscall(Syscalls.EPOLL_CREATE1, EPOLL_CLOEXEC, 0, 0));
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
        MemorySegment ev = CTL_EVENT.get();
        ev.set(JAVA_INT_UNALIGNED, 0, events);
        ev.set(JAVA_LONG_UNALIGNED, 4, fd);
        LibC.check("epoll_ctl", Native.syscall(Syscalls.EPOLL_CTL, epfd, op, fd, ev.address(), 0, 0));
    }

    /**
     * epoll_wait into {@code events} (room for {@code max} events of {@link #EVENT_SIZE} bytes).
     * Returns the number of events, 0 on timeout or EINTR.
     */
    public static int await(int epfd, MemorySegment events, int max, int timeoutMillis) throws NativeException {
        long n = Native.syscall(Syscalls.EPOLL_WAIT, epfd, events.address(), max, timeoutMillis, 0, 0);
        if (n == -Errno.EINTR) {
            return 0;
        }
        return (int) LibC.check("epoll_wait", n);
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
        MemorySegment mask = CTL_EVENT.get();
        long bits = 0;
        for (int s : signals) {
            bits |= 1L << (s - 1);
        }
        mask.set(JAVA_LONG, 0, bits);
        return (int) LibC.check("signalfd", Native.syscall(Syscalls.SIGNALFD4, -1, mask.address(), 8,
                SFD_NONBLOCK | SFD_CLOEXEC, 0, 0));
    }

    /** A native buffer for {@code max} epoll events, owned by the caller's arena. */
    public static MemorySegment allocateEvents(Arena arena, int max) {
        return arena.allocate((long) EVENT_SIZE * max, 8);
    }
}
