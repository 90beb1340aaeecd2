package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

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
