package io.jconmon.driver.syslog;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A connected AF_UNIX datagram socket, such as {@code /dev/log}. java.base has no datagram kind of
 * AF_UNIX socket, so this calls libc's socket, connect, send and close through
 * {@code java.lang.foreign} (part of java.base; the monitor runs with native access enabled). The
 * calls are linked on first use, so drivers that never use a datagram socket never pay for them.
 */
final class UnixDatagramSocket implements AutoCloseable {
    static final int EAGAIN = 11;
    static final int ENOENT = 2;
    static final int ECONNREFUSED = 111;
    static final int EPROTOTYPE = 91;
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    /** The libc calls, in a holder class so they are linked only when a socket is first made. */
    @SuppressWarnings("restricted") // native access is what this class is for; the monitor enables it
    private static final class Libc {
        static final Linker LINKER = Linker.nativeLinker();
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
        static final MethodHandle SOCKET = link("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle CONNECT = link("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle SEND = link("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        private static MethodHandle link(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, CAPTURE);
        }
    }

    /** A failed call, with its errno. */
    static final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        ErrnoException(String call, int errno) {
            super(call + ": " + describe(errno));
            this.errno = errno;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(Libc.STATE);
    private final MemorySegment buffer;
    private int fd;

    private UnixDatagramSocket(int fd, int maxMessage) {
        this.fd = fd;
        this.buffer = arena.allocate(Math.max(1, maxMessage));
    }

    /**
     * A non-blocking datagram socket connected to {@code path}.
     *
     * @throws ErrnoException with {@link #EPROTOTYPE} when {@code path} is a stream socket
     */
    static UnixDatagramSocket connect(String path, int maxMessage) throws ErrnoException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) {
            throw new ErrnoException("connect " + path, 36); // ENAMETOOLONG
        }
        UnixDatagramSocket socket;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(Libc.STATE);
            int fd = (int) Libc.SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new ErrnoException("socket", errno(state));
            }
            socket = new UnixDatagramSocket(fd, maxMessage);
            // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
            MemorySegment address = call.allocate(2 + SUN_PATH_MAX);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
            int rc = (int) Libc.CONNECT.invokeExact(state, fd, address, 2 + name.length + 1);
            if (rc < 0) {
                int errno = errno(state);
                socket.close();
                throw new ErrnoException("connect " + path, errno);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libc call failed", t);
        }
        return socket;
    }

    /** Sends one datagram without blocking; returns 0 or the errno. */
    int send(byte[] message, int length) {
        MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        try {
            long n = (long) Libc.SEND.invokeExact(state, fd, buffer, (long) length, MSG_DONTWAIT | MSG_NOSIGNAL);
            return n < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException("libc send failed", t);
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) Libc.CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                throw new IllegalStateException("libc close failed", t);
            }
            fd = -1;
            arena.close();
        }
    }

    private static int errno(MemorySegment state) {
        return (int) Libc.ERRNO.get(state, 0L);
    }

    /** The few errors a log socket reports, in words; others by number. */
    static String describe(int errno) {
        return switch (errno) {
            case ENOENT -> "No such file or directory";
            case 13 -> "Permission denied";
            case EAGAIN -> "Resource temporarily unavailable (the receiver is not keeping up)";
            case 36 -> "File name too long";
            case EPROTOTYPE -> "Protocol wrong type for socket";
            case 90 -> "Message too long";
            case 105 -> "No buffer space available";
            case ECONNREFUSED -> "Connection refused";
            default -> "errno " + errno;
        };
    }
}
