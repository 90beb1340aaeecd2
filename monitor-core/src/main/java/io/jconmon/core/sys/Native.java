package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The whole native boundary: libc's {@code syscall(2)} bound twice, plus a lazily bound
 * {@code strerror}. Every system call the monitor makes goes through {@link #syscall}.
 *
 * <p>Why one generic binding instead of one per function: each FFM downcall handle costs the JVM
 * several milliseconds to generate on first use (its stub classes are not in the AOT cache), and
 * the monitor's start-up is on the path of every container start. Two handles instead of thirty
 * saved ~150 ms (docs/PERFORMANCE.md). Pointer arguments are therefore passed as addresses of
 * native segments; only {@link #syscallHeap} accepts a heap array (read/write of log buffers).
 */
final class Native {
    static {
        Syscalls.checkArchitecture();
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MemorySegment SYSCALL = LINKER.defaultLookup().find("syscall").orElseThrow();

    /** long syscall(long nr, long a, long b, long c, long d, long e, long f), variadic after nr. */
    private static final MethodHandle SYSCALL6 = LINKER.downcallHandle(SYSCALL,
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1), Linker.Option.critical(false));
    /** long syscall(long nr, int fd, void *buf, long len) with a heap buffer: read(2)/write(2) of byte[]s. */
    private static final MethodHandle SYSCALL_HEAP = LINKER.downcallHandle(SYSCALL,
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1), Linker.Option.critical(true));

    // One capture segment per thread: the loop thread makes nearly every call; others are rare.
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private Native() {}

    /** A system call: its result, or {@code -errno} when it failed. */
    static long syscall(long nr, long a, long b, long c, long d, long e, long f) {
        MemorySegment state = STATE.get();
        try {
            long r = (long) SYSCALL6.invokeExact(state, nr, a, b, c, d, e, f);
            return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long syscall(long nr, long a, long b, long c) {
        return syscall(nr, a, b, c, 0, 0, 0);
    }

    /** read(2)/write(2) ({@code nr}) on {@code fd} with a heap segment: result or {@code -errno}. Never blocks long: non-blocking fds only. */
    static long syscallHeap(long nr, int fd, MemorySegment heap, long len) {
        MemorySegment state = STATE.get();
        try {
            long r = (long) SYSCALL_HEAP.invokeExact(state, nr, fd, heap, len);
            return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** libc's posix_spawn; bound on first use (only after the monitor is ready). */
    static final class PosixSpawn {
        static final MethodHandle HANDLE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("posix_spawn").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MemorySegment ENVIRON =
                LINKER.defaultLookup().find("environ").orElseThrow().reinterpret(ADDRESS.byteSize());

        private PosixSpawn() {}
    }

    /** libc's strerror; bound on first use (error paths only). */
    static final class StrError {
        static final MethodHandle HANDLE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("strerror").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));

        private StrError() {}
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
