package io.jconmon.core.journald;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.List;

/** The drivers that need the core's native layer, found through ServiceLoader like every other. */
public final class CoreDriversPlugin implements LogDriverPlugin {
    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new JournaldDriverFactory());
    }
}
