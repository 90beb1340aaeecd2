package io.jconmon.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsDriversOptionsAndThePluginDirectoryIgnoringComments() throws Exception {
        Path file = dir.resolve("jconmon.conf");
        Files.writeString(file, """
                # every container also logs to json-file
                log-driver = json-file:{log_dir}/ctr.json
                log-opt = json-file.max-size=10m   # rotate at 10 MiB
                log-opt=syslog.address=udp://logs#1:514

                plugins-dir = /opt/jconmon/plugins.d
                """);
        HostConfig c = HostConfig.load(Map.of(HostConfig.ENV, file.toString()));
        assertEquals(file, c.source());
        assertEquals(List.of("json-file:{log_dir}/ctr.json"), c.logDrivers());
        assertEquals(List.of("json-file.max-size=10m", "syslog.address=udp://logs#1:514"), c.logOpts());
        assertEquals(Path.of("/opt/jconmon/plugins.d"), c.pluginsDir());
    }

    @Test
    void anEmptyVariableReadsNoFileAndAMissingNamedFileIsAnError() throws Exception {
        assertSame(HostConfig.NONE, HostConfig.load(Map.of(HostConfig.ENV, "")));
        assertEquals(dir.resolve("nope") + ": no such file (named by JCONMON_CONFIG)",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.load(Map.of(HostConfig.ENV, dir.resolve("nope").toString()))).getMessage());
        assertNull(HostConfig.read(dir.resolve("absent"), false).source(), "a missing default file is no error");
    }

    @Test
    void mistakesNameTheFileAndLine() {
        Path f = Path.of("/etc/jconmon/jconmon.conf");
        assertEquals("/etc/jconmon/jconmon.conf:2: unknown key log-dirver (known: log-driver, log-opt, plugins-dir)",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.parse(f, List.of("# x", "log-dirver = a:b"))).getMessage());
        assertEquals("/etc/jconmon/jconmon.conf:1: log-driver must be NAME:ARG, got: json-file",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.parse(f, List.of("log-driver = json-file"))).getMessage());
        assertEquals("/etc/jconmon/jconmon.conf:1: log-opt must be DRIVER.KEY=VALUE, got: max-size=1m",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.parse(f, List.of("log-opt = max-size=1m"))).getMessage());
        assertEquals("/etc/jconmon/jconmon.conf:3: expected KEY = VALUE, got: plugins-dir",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.parse(f, List.of("", "", "plugins-dir"))).getMessage());
        assertEquals("/etc/jconmon/jconmon.conf:1: plugins-dir has no value",
                assertThrows(HostConfigException.class,
                        () -> HostConfig.parse(f, List.of("plugins-dir ="))).getMessage());
    }
}
