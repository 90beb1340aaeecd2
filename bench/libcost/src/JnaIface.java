import com.sun.jna.Library;
import com.sun.jna.Native;

/** Variant "jna_iface": the same 8 libc calls through JNA interface mapping (Native.load). */
public final class JnaIface {
    static final int O_CLOEXEC = 0x80000, EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;

    public interface LibC extends Library {
        int getpid();
        int pipe2(int[] fds, int flags);
        int epoll_create1(int flags);
        int epoll_ctl(int epfd, int op, int fd, byte[] event);
        int epoll_wait(int epfd, byte[] events, int maxevents, int timeout);
        long read(int fd, byte[] buf, long count);
        long write(int fd, byte[] buf, long count);
        int close(int fd);
    }

    public static void main(String[] args) throws Exception {
        LibC c = Native.load("c", LibC.class);
        check(c.getpid() > 0, "getpid");
        int[] fds = new int[2];
        check(c.pipe2(fds, O_CLOEXEC) == 0, "pipe2");
        int ep = c.epoll_create1(EPOLL_CLOEXEC);
        check(ep >= 0, "epoll_create1");
        byte[] ev = new byte[12];          // packed struct epoll_event, little endian
        ev[0] = EPOLLIN;
        ev[4] = (byte) fds[0];
        check(c.epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], ev) == 0, "epoll_ctl");
        byte[] buf = {'x'};
        check(c.write(fds[1], buf, 1) == 1, "write");
        check(c.epoll_wait(ep, new byte[12], 1, 0) == 1, "epoll_wait");
        check(c.read(fds[0], buf, 1) == 1, "read");
        check(c.close(fds[0]) == 0 & c.close(fds[1]) == 0 & c.close(ep) == 0, "close");
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
