package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogStream;
import java.time.InstantSource;

/** The services one driver gets from the host: its logger, the clock, its drop counter. */
final class HostDriverContext implements DriverContext {
    private final System.Logger logger;
    private final DropCounter dropped = new DropCounter();

    HostDriverContext(String driverName, Diagnostics diagnostics) {
        this.logger = diagnostics.loggerFor(driverName);
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    public void countDropped(LogStream stream, long records, long bytes) {
        dropped.add(stream, records, bytes);
    }

    DropCounter dropped() {
        return dropped;
    }
}
