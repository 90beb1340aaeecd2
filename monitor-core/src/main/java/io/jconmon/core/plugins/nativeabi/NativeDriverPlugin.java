package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.nio.file.Path;
import java.util.List;

/** The plugin one C driver library makes: exactly one driver (one .so holds one driver). */
final class NativeDriverPlugin implements LogDriverPlugin {
    private final Path library;
    private final NativeDriverFactory factory;

    NativeDriverPlugin(Path library, NativeDriverFactory factory) {
        this.library = library;
        this.factory = factory;
    }

    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(factory);
    }

    @Override
    public String toString() {
        return "C log driver " + factory.name() + " (" + library + ")";
    }
}
