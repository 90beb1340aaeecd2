package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverPlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Loads a log driver written in C: a shared library that implements
 * {@code native-abi/include/jconmon_driver.h}. The plugins.d discovery calls {@link #load} for each
 * {@code .so} it finds; the result joins the driver registry like any Java plugin.
 *
 * <p>Loading runs the library's code inside the monitor (its constructors, its entry point); a crash
 * there kills the monitor. docs/C-DRIVERS.md says what that means and what to use instead.
 */
public final class NativeDriverLibrary {
    private static final int ERROR_BUFFER = 1024;

    private NativeDriverLibrary() {}

    /**
     * Loads {@code soFile} and returns a plugin with its one driver.
     *
     * @throws LogDriverException naming {@code soFile} and the cause: the file is missing or cannot be
     *     loaded, it is not a jconmon driver (no {@code jconmon_driver_entry}), its ABI version or
     *     struct size does not fit this host, or its name or option names are invalid
     */
    public static LogDriverPlugin load(Path soFile) throws LogDriverException {
        Path path = soFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new LogDriverException("C log driver " + path + ": no such file");
        }
        DriverBridge.ensureLoaded();
        byte[] err = new byte[ERROR_BUFFER];
        long library = DriverBridge.load(DriverBridge.cString(path.toString()), err);
        if (library == 0) {
            throw new LogDriverException("C log driver " + path + ": " + DriverBridge.message(err));
        }
        byte[][] description = DriverBridge.describe(library);
        String name = new String(description[0], StandardCharsets.UTF_8);
        Set<String> options = new LinkedHashSet<>();
        for (int i = 1; i < description.length; i++) {
            options.add(new String(description[i], StandardCharsets.UTF_8));
        }
        return new NativeDriverPlugin(path, new NativeDriverFactory(library, name, Collections.unmodifiableSet(options), path));
    }
}
