package io.jconmon.driver.syslog;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.List;

/** The syslog plugin's entry point, found through {@code META-INF/services}. */
public final class SyslogPlugin implements LogDriverPlugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public SyslogPlugin() {}

    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new SyslogDriverFactory());
    }
}
