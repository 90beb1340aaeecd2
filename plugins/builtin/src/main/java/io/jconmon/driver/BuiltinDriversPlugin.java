package io.jconmon.driver;

import io.jconmon.driver.jsonfile.JsonFileDriverFactory;
import io.jconmon.driver.k8sfile.K8sFileDriverFactory;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.util.List;

/** The drivers every jconmon install has, found through {@link java.util.ServiceLoader} like any plugin. */
public final class BuiltinDriversPlugin implements LogDriverPlugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public BuiltinDriversPlugin() {}

    @Override
    public Iterable<LogDriverFactory> driverFactories() {
        return List.of(new K8sFileDriverFactory(), new JsonFileDriverFactory());
    }
}
