package io.jconmon.driver.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogDriverPlugin;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hello driver, found the way the host finds it (ServiceLoader), writing to a real file. */
class HelloDriverTest {

    @TempDir
    Path dir;

    @Test
    void serviceLoaderFindsTheHelloFactory() {
        LogDriverFactory factory = helloFactory();
        assertEquals("hello", factory.name());
        assertTrue(factory.optionNames().contains("prefix"));
    }

    @Test
    void pluginPropertiesNamesTheDriverSoTheHostKnowsWhichFolderToLoad() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("plugin.properties"))) {
            properties.load(in);
        }
        assertEquals("hello", properties.getProperty("drivers"));
    }

    @Test
    void writesOneLinePerRecordWithPrefixIdStreamAndPartialMark() throws Exception {
        Path out = dir.resolve("hello.log");
        LogDriver driver = helloFactory().open(CONTAINER, Map.of("path", out.toString(), "prefix", "hi"), CONTEXT);
        assertEquals(WriteResult.ACCEPTED, driver.write(record(LogStream.STDOUT, false, "first line")));
        assertEquals(WriteResult.ACCEPTED, driver.write(record(LogStream.STDERR, true, "half ")));
        assertEquals(WriteResult.ACCEPTED, driver.write(record(LogStream.STDERR, false, "héllo")));
        driver.close();
        assertEquals("hi 0123456789ab stdout F first line\n"
                + "hi 0123456789ab stderr P half \n"
                + "hi 0123456789ab stderr F héllo\n", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path out = dir.resolve("hello.log");
        Files.writeString(out, "before\n");
        LogDriver driver = helloFactory().open(CONTAINER, Map.of("path", out.toString()), CONTEXT);
        driver.write(record(LogStream.STDOUT, false, "after"));
        driver.close();
        assertEquals("before\nhello 0123456789ab stdout F after\n", Files.readString(out));
    }

    @Test
    void anUnwritablePathFailsAtOpenWithTheReason() {
        LogDriverException e = assertThrows(LogDriverException.class, () -> helloFactory()
                .open(CONTAINER, Map.of("path", dir.resolve("missing/dir/x.log").toString()), CONTEXT));
        assertTrue(e.getMessage().startsWith("hello: cannot open "), e.getMessage());
    }

    private static LogDriverFactory helloFactory() {
        for (LogDriverPlugin plugin : ServiceLoader.load(LogDriverPlugin.class)) {
            for (LogDriverFactory factory : plugin.driverFactories()) {
                if (factory.name().equals("hello")) {
                    return factory;
                }
            }
        }
        throw new AssertionError("no hello driver on the class path");
    }

    private static LogRecord record(LogStream stream, boolean partial, String text) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        return new LogRecord() {
            public LogStream stream() { return stream; }
            public long timestampNanos() { return 0; }
            public boolean isPartial() { return partial; }
            public ByteBuffer content() { return bytes; }
            public int length() { return bytes.capacity(); }
        };
    }

    private static final ContainerInfo CONTAINER = new ContainerInfo() {
        public String id() { return "0123456789abcdef0123"; }
        public Optional<String> uuid() { return Optional.empty(); }
        public Optional<String> name() { return Optional.of("web"); }
        public Optional<String> tag() { return Optional.empty(); }
        public Map<String, String> labels() { return Map.of(); }
        public Optional<Path> bundle() { return Optional.empty(); }
        public boolean isExec() { return false; }
        public boolean isTerminal() { return false; }
    };

    private static final DriverContext CONTEXT = new DriverContext() {
        public System.Logger logger() { return System.getLogger("hello-test"); }
        public InstantSource clock() { return InstantSource.system(); }
        public void countDropped(LogStream stream, long records, long bytes) {}
    };
}
