package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The JNI functions of {@code libjconmon-driver-bridge.so} (native-abi/src/jni_driver_bridge.c).
 * The C side owns every struct of the driver ABI; this side passes NUL-terminated UTF-8 strings and
 * keeps handles (native addresses), so no struct layout is known here.
 *
 * <p>The library is a separate one, loaded on first use, so a container that selects no C driver
 * loads nothing of it.
 */
final class DriverBridge {
    /** jconmon_status values (jconmon_driver.h); the C side maps unknown codes to {@link #ERROR}. */
    static final int OK = 0;
    static final int RETRY = 1;
    static final int DROP = 2;
    static final int ERROR = 3;

    static final String LIBRARY_NAME = "libjconmon-driver-bridge.so";

    private static boolean loaded;

    private DriverBridge() {}

    /**
     * Loads the bridge library once. Where it is: {@code -Djconmon.driverBridgeLibrary}; else next
     * to {@code -Djconmon.nativeLibrary} (the monitor's own JNI library, as the tests set it); else
     * {@code $jconmon.home/lib}.
     */
    static synchronized void ensureLoaded() throws LogDriverException {
        if (loaded) {
            return;
        }
        String path = libraryPath();
        try {
            System.load(path);
        } catch (UnsatisfiedLinkError e) {
            throw new LogDriverException("cannot load jconmon's C-driver bridge " + path + ": " + e.getMessage(), e);
        }
        loaded = true;
    }

    static String libraryPath() {
        String explicit = System.getProperty("jconmon.driverBridgeLibrary");
        if (explicit != null) {
            return explicit;
        }
        String coreLibrary = System.getProperty("jconmon.nativeLibrary");
        if (coreLibrary != null) {
            return Path.of(coreLibrary).resolveSibling(LIBRARY_NAME).toString();
        }
        return System.getProperty("jconmon.home", ".") + "/lib/" + LIBRARY_NAME;
    }

    static WriteResult toWriteResult(int status) {
        return switch (status) {
            case OK -> WriteResult.ACCEPTED;
            case RETRY -> WriteResult.RETRY_LATER;
            case DROP -> WriteResult.DROPPED;
            default -> WriteResult.FAILED;
        };
    }

    /** A NUL-terminated UTF-8 copy of {@code s}, or null for null. */
    static byte[] cString(String s) {
        if (s == null) {
            return null;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, withNul, 0, utf8.length);
        return withNul;
    }

    /** The NUL-terminated message C wrote into {@code buffer}. */
    static String message(byte[] buffer) {
        int n = 0;
        while (n < buffer.length && buffer[n] != 0) {
            n++;
        }
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** dlopen()s the library, checks its driver; a library handle, or 0 with the reason in {@code err}. */
    static native long load(byte[] path, byte[] err);

    /** The driver's name, then its option names, as UTF-8. */
    static native byte[][] describe(long library);

    /**
     * Opens the driver for one container; an open-driver handle, or 0 with the reason in {@code err}.
     * Host messages for this driver arrive at {@code driver.hostLog}/{@code driver.hostDropped}.
     *
     * @param container id, uuid, name, tag, bundle (null when absent)
     * @param labels key, value, key, value, ...
     * @param options key, value, key, value, ...
     */
    static native long open(long library, NativeLogDriver driver, byte[][] container, int containerFlags,
                            byte[][] labels, byte[][] options, byte[] err);

    /** Hands {@code array[offset, offset + length)} to the driver, pinned and not copied: a status. */
    static native int write(long driver, int stream, int flags, long timestampNanos, byte[] array, int offset,
                            int length);

    static native int flush(long driver);

    /** A status; on failure the driver's message is in {@code err}. */
    static native int reopen(long driver, byte[] err);

    /** Closes the driver and frees its handle. */
    static native void close(long driver);
}
