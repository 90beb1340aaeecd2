package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

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

    /** Links posix_spawn now (it costs milliseconds), so the first spawn does not pay for it. */
    public static void prepare() {
        Native.PosixSpawn.HANDLE.type();
    }

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
            MemorySegment pid = arena.allocate(JAVA_INT);
            MemorySegment env = Native.PosixSpawn.ENVIRON.get(ADDRESS, 0);
            int r = (int) Native.PosixSpawn.HANDLE.invokeExact(pid, arena.allocateFrom(argv.get(0)),
                    MemorySegment.NULL, MemorySegment.NULL, cArgv, env);
            if (r != 0) {
                throw new NativeException("posix_spawn " + argv.get(0), r);
            }
            return pid.get(JAVA_INT, 0);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
