package io.jconmon.core.sys;

/**
 * Linux system call numbers. jconmon binds syscall(2) once (see {@link Native}), so these numbers
 * are part of its native layer. x86-64 only for now; another architecture needs its own table.
 */
final class Syscalls {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int CLOSE = 3;
    static final int IOCTL = 16;
    static final int SOCKET = 41;
    static final int CONNECT = 42;
    static final int SENDTO = 44;
    static final int SENDMSG = 46;
    static final int RECVMSG = 47;
    static final int SHUTDOWN = 48;
    static final int BIND = 49;
    static final int LISTEN = 50;
    static final int FCNTL = 72;
    static final int KILL = 62;
    static final int WAIT4 = 61;
    static final int GETPGID = 121;
    static final int PRCTL = 157;
    static final int CLOCK_GETTIME = 228;
    static final int EPOLL_WAIT = 232;
    static final int EPOLL_CTL = 233;
    static final int OPENAT = 257;
    static final int MKNODAT = 259;
    static final int ACCEPT4 = 288;
    static final int SIGNALFD4 = 289;
    static final int EVENTFD2 = 290;
    static final int EPOLL_CREATE1 = 291;
    static final int DUP3 = 292;
    static final int PIPE2 = 293;
    // Attach socket, console socket, terminals (core.attach, Terminal).
    static final int SOCKETPAIR = 53;
    static final int FCHMOD = 91;
    static final int UNLINKAT = 263;
    static final int SYMLINKAT = 266;
    static final int PIDFD_OPEN = 434;
    // journald's large entries (core.journald).
    static final int SETSOCKOPT = 54;
    static final int MEMFD_CREATE = 319;

    private Syscalls() {}

    /** Fails fast, with the reason, on an architecture whose numbers are not here. */
    static void checkArchitecture() {
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new UnsupportedOperationException("jconmon's native layer supports x86-64 only, not " + arch);
        }
    }
}
