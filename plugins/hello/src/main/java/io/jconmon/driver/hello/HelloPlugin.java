package io.jconmon.driver.hello;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.List;

/**
 * The plugin's entry point: {@link java.util.ServiceLoader} finds it through
 * {@code META-INF/services/io.jconmon.spi.LogDriverPlugin} and asks it for its driver factories.
 */
public final class HelloPlugin implements LogDriverPlugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public HelloPlugin() {}

    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new HelloDriverFactory());
    }
}
