package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * posix_spawn(3): how the monitor starts the OCI runtime and the exit command. A JVM must not
 * fork; posix_spawn is safe (glibc resets the child's signal handlers itself). Everything that
 * must happen between fork and exec — stdio wiring, the signal mask, the parent-death signal, the
 * exec-attach start-pipe read, closing fds, LISTEN_PID — is done by the jconmon-exec shim that is
 * spawned here, which keeps this binding to a single native function.
 */
public final class Spawn {
    private Spawn() {}


    /**
     * Starts {@code argv[0]} with {@code argv} and the monitor's own environment.
     *
     * @return the child's pid
     */
    public static int spawn(List<String> argv) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cArgv = arena.allocate(ADDRESS, argv.size() + 1L);
            for (int i = 0; i < argv.size(); i++) {
                cArgv.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
            }
            cArgv.setAtIndex(ADDRESS, argv.size(), MemorySegment.NULL);
            long pid = Native.spawn(arena.allocateFrom(argv.get(0)).address(), cArgv.address());
            if (pid < 0) {
                throw new NativeException("posix_spawn " + argv.get(0), (int) -pid);
            }
            return (int) pid;
        }
    }
}
