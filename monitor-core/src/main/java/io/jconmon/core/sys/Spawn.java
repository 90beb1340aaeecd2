package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * posix_spawn(3): how the monitor starts the OCI runtime and the exit command. A JVM must not
 * fork; posix_spawn is safe. What must happen between fork and exec (parent-death signal, the
 * exec-attach start-pipe read, closing fds, LISTEN_PID) is done by the jconmon-exec shim that
 * is spawned here.
 */
public final class Spawn {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // glibc's opaque types are 80 and 336 bytes on x86-64; leave room for other ABIs.
    private static final long OPAQUE_SIZE = 1024;

    private static final MethodHandle SPAWN = Native.plainFunction("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = Native.plainFunction("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = Native.plainFunction("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_DESTROY = Native.plainFunction("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_INIT = Native.plainFunction("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = Native.plainFunction("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SIGMASK = Native.plainFunction("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGDEFAULT = Native.plainFunction("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Native.plainFunction("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MemorySegment ENVIRON = Native.global("environ").reinterpret(ADDRESS.byteSize());

    private Spawn() {}

    /**
     * Starts {@code argv[0]} with {@code argv}, the monitor's own environment, an empty signal mask
     * and default signal dispositions.
     *
     * @param stdio the fds to become the child's 0, 1, 2 ({@code -1} keeps the monitor's own)
     * @return the child's pid
     */
    public static int spawn(List<String> argv, int[] stdio) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_SIZE, 16);
            MemorySegment attr = arena.allocate(OPAQUE_SIZE, 16);
            checkZero("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            checkZero("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                for (int target = 0; target < stdio.length; target++) {
                    if (stdio[target] >= 0) {
                        checkZero("posix_spawn_file_actions_adddup2",
                                (int) FA_DUP2.invokeExact(actions, stdio[target], target));
                    }
                }
                MemorySegment empty = arena.allocate(128, 8);
                MemorySegment all = arena.allocate(128, 8);
                all.set(JAVA_LONG, 0, -1L); // signals 1..64
                checkZero("posix_spawnattr_setsigmask", (int) ATTR_SIGMASK.invokeExact(attr, empty));
                checkZero("posix_spawnattr_setsigdefault", (int) ATTR_SIGDEFAULT.invokeExact(attr, all));
                checkZero("posix_spawnattr_setflags", (int) ATTR_FLAGS.invokeExact(attr,
                        (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));

                MemorySegment cArgv = arena.allocate(ADDRESS, argv.size() + 1L);
                for (int i = 0; i < argv.size(); i++) {
                    cArgv.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
                }
                cArgv.setAtIndex(ADDRESS, argv.size(), MemorySegment.NULL);
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment env = ENVIRON.get(ADDRESS, 0);
                int r = (int) SPAWN.invokeExact(pid, arena.allocateFrom(argv.get(0)), actions, attr, cArgv, env);
                if (r != 0) {
                    throw new NativeException("posix_spawn " + argv.get(0), r);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void checkZero(String call, int r) throws NativeException {
        if (r != 0) {
            throw new NativeException(call, r);
        }
    }
}
