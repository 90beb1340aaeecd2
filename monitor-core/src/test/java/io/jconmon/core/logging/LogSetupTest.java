package io.jconmon.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.cli.CliResult;
import io.jconmon.core.cli.ConmonCli;
import io.jconmon.core.cli.Environment;
import io.jconmon.core.config.HostConfig;
import io.jconmon.core.config.MonitorConfig;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    private static final String CID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** A driver factory that remembers the options each open received. */
    private static final class RecordingFactory implements LogDriverFactory {
        final String name;
        final List<Map<String, String>> opened = new ArrayList<>();

        RecordingFactory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> optionNames() {
            return Set.of("path", "max-size", "level", "global-max-size", "sync-on-close", "rotate", "max-files",
                    "allowlist-dir", "partial-message");
        }

        @Override
        public LogDriver open(ContainerInfo container, Map<String, String> options, DriverContext context) {
            opened.add(options);
            return new ScriptedDriver();
        }
    }

    private final RecordingFactory k8s = new RecordingFactory("k8s-file");
    private final RecordingFactory json = new RecordingFactory("json-file");
    private final RecordingFactory syslog = new RecordingFactory("syslog");
    private final DriverRegistry registry = DriverRegistry.ofBuiltIns(List.of(k8s, json, syslog));
    private final Diagnostics diagnostics = new Diagnostics(io.jconmon.core.config.LogLevel.WARN, false, CID, null,
            new PrintStream(new ByteArrayOutputStream()));

    private MonitorConfig config(String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("-c", CID, "-u", CID, "-r", "/bin/sh", "-b", "/tmp", "-n", "web"));
        a.addAll(List.of(extra));
        Environment env = new Environment() {
            @Override
            public String cwd() {
                return "/tmp";
            }

            @Override
            public boolean isExecutable(Path path) {
                return true;
            }

            @Override
            public String accessError(Path path) {
                return null;
            }

            @Override
            public boolean hasLogDriver(String name, String pluginsDir) {
                return registry.find(name) != null;
            }
        };
        CliResult r = new ConmonCli("2.2.1", "test").parse(a.toArray(String[]::new), env);
        return assertInstanceOf(CliResult.Run.class, r).config();
    }

    private static HostConfig host(List<String> drivers, List<String> opts) {
        return new HostConfig(Path.of("/etc/jconmon/jconmon.conf"), drivers, opts, null);
    }

    @Test
    void theHostFileAddsADriverToEveryContainerWithItsPathExpanded() throws Exception {
        LogFanout f = LogSetup.open(config("-l", "k8s-file:/var/lib/c/userdata/ctr.log"),
                host(List.of("json-file:{log_dir}/{name}-{id}.json"), List.of("json-file.max-size=10m")),
                List.of(), registry, diagnostics);
        f.close();
        assertEquals(List.of(Map.of("path", "/var/lib/c/userdata/ctr.log")), k8s.opened);
        assertEquals(List.of(Map.of("path", "/var/lib/c/userdata/web-" + CID + ".json", "max-size", "10m")), json.opened);
    }

    @Test
    void theCommandLineWinsOverTheHostFile() throws Exception {
        LogFanout f = LogSetup.open(config("-l", "k8s-file:/l/ctr.log", "-l", "json-file:/mine.json"),
                host(List.of("json-file:/host.json"), List.of("json-file.max-size=10m", "syslog.level=info")),
                List.of("json-file.max-size=1m"), registry, diagnostics);
        f.close();
        assertEquals(List.of(Map.of("path", "/mine.json", "max-size", "1m")), json.opened);
        assertTrue(syslog.opened.isEmpty(), "a default for an unused driver selects nothing");
    }

    @Test
    void hostDeliveryOptionsAreTheHostsAndNeverReachTheDriver() throws Exception {
        LogFanout f = LogSetup.open(config("-l", "k8s-file:/l/ctr.log"), host(List.of("syslog:udp://x"),
                        List.of("syslog.mode=non-blocking", "syslog.max-buffer-size=2m")),
                List.of(), registry, diagnostics);
        f.close();
        assertEquals(List.of(Map.of("path", "udp://x")), syslog.opened);
    }

    @Test
    void execSessionsDoNotGetTheHostDrivers() throws Exception {
        LogFanout f = LogSetup.open(config("-l", "k8s-file:/l/exec.log", "-e", "--exec-process-spec", "/tmp/spec.json"),
                host(List.of("json-file:/host.json"), List.of()), List.of(), registry, diagnostics);
        f.close();
        assertTrue(json.opened.isEmpty());
    }

    @Test
    void badHostTemplatesAndOptionsAreClearErrorsBeforeTheContainerStarts() throws Exception {
        MonitorConfig c = config("-l", "journald:");
        assertEquals("/etc/jconmon/jconmon.conf: /x/{log_dir}.json uses {log_dir}, but this container has no k8s-file log",
                assertThrows(LogDriverException.class, () -> LogSetup.open(c,
                        host(List.of("json-file:/x/{log_dir}.json"), List.of()), List.of(), registry, diagnostics)).getMessage());
        MonitorConfig k = config("-l", "k8s-file:/l/ctr.log");
        assertEquals("/etc/jconmon/jconmon.conf: unknown variable {pod} in /x/{pod}.json (known: {id}, {name}, {log_dir})",
                assertThrows(LogDriverException.class, () -> LogSetup.open(k,
                        host(List.of("json-file:/x/{pod}.json"), List.of()), List.of(), registry, diagnostics)).getMessage());
        assertTrue(assertThrows(LogDriverException.class, () -> LogSetup.open(k, host(List.of(), List.of("k8s-file.colour=red")),
                List.of(), registry, diagnostics)).getMessage().startsWith("log driver k8s-file has no option colour"));
        assertEquals("No such log driver fluentd", assertThrows(LogDriverException.class, () -> LogSetup.open(k,
                host(List.of("fluentd:tcp://x"), List.of()), List.of(), registry, diagnostics)).getMessage());
    }
}
