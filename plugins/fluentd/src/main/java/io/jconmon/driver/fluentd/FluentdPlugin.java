package io.jconmon.driver.fluentd;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.List;

/** The fluentd plugin's entry point, found through {@code META-INF/services}. */
public final class FluentdPlugin implements LogDriverPlugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public FluentdPlugin() {}

    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new FluentdDriverFactory());
    }
}
