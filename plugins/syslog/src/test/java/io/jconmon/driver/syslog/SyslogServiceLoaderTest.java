package io.jconmon.driver.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The monitor finds the driver through ServiceLoader, and plugin.properties names the same drivers. */
class SyslogServiceLoaderTest {

    @Test
    void serviceLoaderFindsExactlyTheDriversPluginPropertiesNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class)) {
            for (LogDriverFactory factory : plugin.driverFactories()) {
                names.add(factory.name());
            }
        }
        Properties properties = new Properties();
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("plugin.properties"))) {
            properties.load(in);
        }
        assertEquals(List.of("syslog"), names);
        assertEquals("syslog", properties.getProperty("drivers"));
    }
}
