import com.sun.jna.Native;

/** Variant "jna_direct": the same 8 libc calls through JNA direct mapping (Native.register). */
public final class JnaDirect {
    static final int O_CLOEXEC = 0x80000, EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;

    static final class LibC {
        static { Native.register("c"); }
        static native int getpid();
        static native int pipe2(int[] fds, int flags);
        static native int epoll_create1(int flags);
        static native int epoll_ctl(int epfd, int op, int fd, byte[] event);
        static native int epoll_wait(int epfd, byte[] events, int maxevents, int timeout);
        static native long read(int fd, byte[] buf, long count);
        static native long write(int fd, byte[] buf, long count);
        static native int close(int fd);
    }

    public static void main(String[] args) throws Exception {
        check(LibC.getpid() > 0, "getpid");
        int[] fds = new int[2];
        check(LibC.pipe2(fds, O_CLOEXEC) == 0, "pipe2");
        int ep = LibC.epoll_create1(EPOLL_CLOEXEC);
        check(ep >= 0, "epoll_create1");
        byte[] ev = new byte[12];          // packed struct epoll_event, little endian
        ev[0] = EPOLLIN;
        ev[4] = (byte) fds[0];
        check(LibC.epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], ev) == 0, "epoll_ctl");
        byte[] buf = {'x'};
        check(LibC.write(fds[1], buf, 1) == 1, "write");
        check(LibC.epoll_wait(ep, new byte[12], 1, 0) == 1, "epoll_wait");
        check(LibC.read(fds[0], buf, 1) == 1, "read");
        check(LibC.close(fds[0]) == 0 & LibC.close(fds[1]) == 0 & LibC.close(ep) == 0, "close");
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
