package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Opens the driver of one loaded C library; name and options are what the library declared. */
final class NativeDriverFactory implements LogDriverFactory {
    /** jconmon_container.flags (jconmon_driver.h). */
    private static final int CONTAINER_EXEC = 0x1;
    private static final int CONTAINER_TERMINAL = 0x2;

    private final long library;
    private final String name;
    private final Set<String> optionNames;
    private final Path path;

    NativeDriverFactory(long library, String name, Set<String> optionNames, Path path) {
        this.library = library;
        this.name = name;
        this.optionNames = optionNames;
        this.path = path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> optionNames() {
        return optionNames;
    }

    @Override
    public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context)
            throws LogDriverException {
        // No lambdas or method references here: the first one costs ~30 ms of method-handle setup.
        Path bundle = container.bundle().orElse(null);
        byte[][] strings = {
            DriverBridge.cString(container.id()),
            DriverBridge.cString(container.uuid().orElse(null)),
            DriverBridge.cString(container.name().orElse(null)),
            DriverBridge.cString(container.tag().orElse(null)),
            DriverBridge.cString(bundle == null ? null : bundle.toString()),
        };
        int flags = (container.isExec() ? CONTAINER_EXEC : 0) | (container.isTerminal() ? CONTAINER_TERMINAL : 0);
        NativeLogDriver driver = new NativeLogDriver(name, context);
        byte[] err = new byte[1024];
        long handle = DriverBridge.open(library, driver, strings, flags, pairs(container.labels()), pairs(options), err);
        if (handle == 0) {
            throw new LogDriverException("log driver " + name + " (" + path + "): " + DriverBridge.message(err));
        }
        driver.opened(handle);
        return driver;
    }

    private static byte[][] pairs(Map<String, String> map) {
        byte[][] result = new byte[map.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            result[i++] = DriverBridge.cString(e.getKey());
            result[i++] = DriverBridge.cString(e.getValue());
        }
        return result;
    }

    @Override
    public String toString() {
        return "C log driver " + name + " (" + path + ")";
    }
}
