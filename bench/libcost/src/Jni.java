import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Variant "jni": the same 8 calls as "ffm" through one JNI method, {@code syscall6} in
 * src/jni_syscall.c (compiled by run.sh, loaded with System.load from -Dlibcost.jni), as the
 * monitor's native layer does (native-abi/src/jni_syscall.c); native memory still comes from a
 * java.lang.foreign arena. x86_64 syscall numbers.
 */
public final class Jni {
    static final int O_CLOEXEC = 0x80000, EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;
    static final long SYS_READ = 0, SYS_WRITE = 1, SYS_CLOSE = 3, SYS_GETPID = 39, SYS_EPOLL_WAIT = 232,
            SYS_EPOLL_CTL = 233, SYS_EPOLL_CREATE1 = 291, SYS_PIPE2 = 293;

    static native long syscall6(long nr, long a, long b, long c, long d, long e, long f);

    public static void main(String[] args) throws Exception {
        System.load(System.getProperty("libcost.jni"));
        try (Arena arena = Arena.ofConfined()) {
            check(syscall6(SYS_GETPID, 0, 0, 0, 0, 0, 0) > 0, "getpid");
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            check(syscall6(SYS_PIPE2, fds.address(), O_CLOEXEC, 0, 0, 0, 0) == 0, "pipe2");
            int rfd = fds.getAtIndex(JAVA_INT, 0), wfd = fds.getAtIndex(JAVA_INT, 1);
            int ep = (int) syscall6(SYS_EPOLL_CREATE1, EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
            check(ep >= 0, "epoll_create1");
            // struct epoll_event is packed on x86_64: u32 events; u64 data  (12 bytes)
            MemorySegment ev = arena.allocate(12, 4);
            ev.set(JAVA_INT, 0, EPOLLIN);
            ev.set(JAVA_INT, 4, rfd);
            check(syscall6(SYS_EPOLL_CTL, ep, EPOLL_CTL_ADD, rfd, ev.address(), 0, 0) == 0, "epoll_ctl");
            MemorySegment buf = arena.allocate(1);
            buf.set(JAVA_BYTE, 0, (byte) 'x');
            check(syscall6(SYS_WRITE, wfd, buf.address(), 1, 0, 0, 0) == 1, "write");
            MemorySegment out = arena.allocate(12, 4);
            check(syscall6(SYS_EPOLL_WAIT, ep, out.address(), 1, 0, 0, 0) == 1, "epoll_wait");
            check(syscall6(SYS_READ, rfd, buf.address(), 1, 0, 0, 0) == 1, "read");
            check(syscall6(SYS_CLOSE, rfd, 0, 0, 0, 0, 0) == 0 & syscall6(SYS_CLOSE, wfd, 0, 0, 0, 0, 0) == 0
                    & syscall6(SYS_CLOSE, ep, 0, 0, 0, 0, 0) == 0, "close");
        }
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
