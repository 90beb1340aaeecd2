import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Variant "ffm": 8 libc downcall handles via java.lang.foreign, each called once (close: 3x). */
public final class Ffm {
    static final int O_CLOEXEC = 0x80000, EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle getpid = linker.downcallHandle(libc.find("getpid").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT));
        MethodHandle pipe2 = linker.downcallHandle(libc.find("pipe2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle epollCreate1 = linker.downcallHandle(libc.find("epoll_create1").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle epollCtl = linker.downcallHandle(libc.find("epoll_ctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        MethodHandle epollWait = linker.downcallHandle(libc.find("epoll_wait").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        MethodHandle read = linker.downcallHandle(libc.find("read").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        MethodHandle write = linker.downcallHandle(libc.find("write").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        try (Arena arena = Arena.ofConfined()) {
            int pid = (int) getpid.invokeExact();
            check(pid > 0, "getpid");
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            check((int) pipe2.invokeExact(fds, O_CLOEXEC) == 0, "pipe2");
            int rfd = fds.getAtIndex(JAVA_INT, 0), wfd = fds.getAtIndex(JAVA_INT, 1);
            int ep = (int) epollCreate1.invokeExact(EPOLL_CLOEXEC);
            check(ep >= 0, "epoll_create1");
            // struct epoll_event is packed on x86_64: u32 events; u64 data  (12 bytes)
            MemorySegment ev = arena.allocate(12, 4);
            ev.set(JAVA_INT, 0, EPOLLIN);
            ev.set(JAVA_INT, 4, rfd);
            check((int) epollCtl.invokeExact(ep, EPOLL_CTL_ADD, rfd, ev) == 0, "epoll_ctl");
            MemorySegment buf = arena.allocate(1);
            buf.set(JAVA_BYTE, 0, (byte) 'x');
            check((long) write.invokeExact(wfd, buf, 1L) == 1L, "write");
            MemorySegment out = arena.allocate(12, 4);
            check((int) epollWait.invokeExact(ep, out, 1, 0) == 1, "epoll_wait");
            check((long) read.invokeExact(rfd, buf, 1L) == 1L, "read");
            check((int) close.invokeExact(rfd) == 0 & (int) close.invokeExact(wfd) == 0
                    & (int) close.invokeExact(ep) == 0, "close");
        }
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }
}
