package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverPlugin;
import java.nio.file.Path;

/**
 * Loads a C-ABI driver ({@code plugins.d/<plugin>/*.so}) as a {@link LogDriverPlugin}.
 *
 * <p>Placeholder: the C ABI and its JNI bridge are written on another branch, which replaces this
 * class at merge. Until then every {@code .so} plugin is reported as unavailable with this cause.
 */
public final class NativeDriverLibrary {
    private NativeDriverLibrary() {}

    /**
     * @param soFile the shared library to load
     * @return the plugin the library provides
     * @throws LogDriverException when the library cannot be loaded or is not a jconmon driver
     */
    public static LogDriverPlugin load(Path soFile) throws LogDriverException {
        throw new LogDriverException("native drivers are not built in this branch");
    }
}
