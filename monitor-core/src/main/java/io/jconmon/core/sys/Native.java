package io.jconmon.core.sys;

/**
 * The whole native boundary: four JNI functions in {@code lib/libjconmon-native.so}
 * (native-abi/src/jni_syscall.c). Every system call the monitor makes goes through
 * {@link #syscall6}; native memory for its pointer arguments comes from {@code java.lang.foreign}
 * arenas.
 *
 * <p>Why JNI rather than FFM downcalls or JNA: each FFM downcall handle costs the JVM 10-20 ms to
 * link on first use (its stubs are generated at run time and are not kept in the AOT cache), JNA
 * adds a jar, its own native library and reflection, and the monitor's start-up sits on every
 * container start. Binding a JNI method is a symbol lookup. docs/PERFORMANCE.md has the numbers.
 */
final class Native {
    static {
        Syscalls.checkArchitecture();
        String lib = System.getProperty("jconmon.nativeLibrary");
        if (lib == null) {
            lib = System.getProperty("jconmon.home", ".") + "/lib/libjconmon-native.so";
        }
        System.load(lib);
    }

    private Native() {}

    /** Loads the library now (the warm-up thread calls this so the main thread never waits for it). */
    static void load() {
        // Loading happens in the static initializer.
    }

    /** A system call with integer or native-address arguments: its result, or {@code -errno}. */
    static native long syscall6(long nr, long a, long b, long c, long d, long e, long f);

    /** read(2)/write(2) ({@code nr}) on {@code fd} with {@code array[offset, offset+length)}: result or {@code -errno}. */
    static native long syscallArray(long nr, int fd, byte[] array, int offset, int length);

    /** posix_spawn of the NUL-terminated {@code path} with the NULL-terminated {@code argv}: pid or {@code -error}. */
    static native long spawn(long path, long argv);

    /** strerror(3). */
    static native String strerror(int errno);

    static long syscall(long nr, long a, long b, long c, long d, long e, long f) {
        return syscall6(nr, a, b, c, d, e, f);
    }

    static long syscall(long nr, long a, long b, long c) {
        return syscall6(nr, a, b, c, 0, 0, 0);
    }
}
