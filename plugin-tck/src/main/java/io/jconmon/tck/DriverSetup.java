package io.jconmon.tck;

import io.jconmon.spi.ContainerInfo;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the kit opened one driver instance: what a driver's test needs to find the output again.
 *
 * @param dir a fresh temporary directory of this test
 * @param container the container the driver was opened for (its id is unique per test by default)
 * @param options the options the driver was opened with
 */
public record DriverSetup(Path dir, ContainerInfo container, Map<String, String> options) {

    /** Options are copied. */
    public DriverSetup {
        options = Map.copyOf(options);
    }
}
