package io.jconmon.core.plugins;

import io.jconmon.core.logging.ContainerDescription;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** What a host hands a driver, for tests that open plugin drivers directly. */
final class TestHost {
    static final ContainerInfo CONTAINER = new ContainerDescription("0123456789abcdef0123", Optional.empty(),
            Optional.of("web"), Optional.empty(), Map.of(), Optional.empty(), false, false);

    static final DriverContext CONTEXT = new DriverContext() {
        @Override
        public System.Logger logger() {
            return System.getLogger("test");
        }

        @Override
        public InstantSource clock() {
            return InstantSource.system();
        }

        @Override
        public void countDropped(LogStream stream, long records, long bytes) {
        }
    };

    private TestHost() {}

    /** Writes {@code line} (without newline, complete) to {@code driver} through the host's reused record. */
    static WriteResult write(LogDriver driver, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        ReusableRecord r = new ReusableRecord(b);
        r.set(LogStream.STDOUT, System.currentTimeMillis() * 1_000_000L, false, 0, b.length);
        r.rewind();
        return driver.write(r);
    }
}
