package io.jconmon.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Binding plumbing shared by the libc facades: symbol lookup, downcall handles with errno capture.
 *
 * <p>Every binding captures errno, so each native function's first Java parameter is the capture
 * segment returned by {@link #errnoState()}. Each facade class ({@link LibC}, {@link Epoll},
 * {@link Spawn}, ...) links its handles in its static initializer, so a group is linked only when
 * the monitor first needs it: linking costs start-up time.
 */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    // One capture segment per thread: the loop thread makes nearly every call; others are rare.
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private Native() {}

    /** A downcall handle for a libc function that sets errno. */
    static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** A downcall handle for a libc function whose errors are its return value (posix_spawn). */
    static MethodHandle plainFunction(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** The address of a libc global variable (e.g. {@code environ}). */
    static MemorySegment global(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** This thread's errno capture segment: pass it as the first argument of every bound call. */
    static MemorySegment errnoState() {
        return STATE.get();
    }

    /** errno as captured by the last call made with {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Wraps a Throwable from invokeExact (which declares Throwable) into an unchecked error. */
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
