package io.jconmon.core.plugins.nativeabi;

import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit applied to the C bridge with the shipped example driver, example-file.so,
 * reading back the file it writes: one {@code <timestamp_ns> <stdout|stderr> <F|P> <length> <content>\n}
 * per record, the length saying where the raw content ends. Everything is kept, to the nanosecond;
 * reopen opens the same path again in append mode, so earlier output stays.
 */
class ExampleFileConformanceTest extends LogDriverConformanceTest {

    @Override
    protected LogDriverFactory factory() {
        try {
            return NativeDriverLibraryTest.factoryOf(NativeDriverLibraryTest.exampleDriver("example-file"));
        } catch (LogDriverException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("example.log").toString());
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim();
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        Path file = Path.of(setup.options().get("path"));
        List<DeliveredRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        byte[] b = Files.readAllBytes(file);
        int at = 0;
        while (at < b.length) {
            String[] head = new String[4];
            for (int i = 0; i < 4; i++) { // four space-ended header fields
                int space = indexOf(b, (byte) ' ', at);
                head[i] = new String(b, at, space - at, StandardCharsets.US_ASCII);
                at = space + 1;
            }
            int length = Integer.parseInt(head[3]);
            if (at + length >= b.length || b[at + length] != '\n') {
                throw new AssertionError("record at byte " + at + " is not ended by a newline after " + length + " bytes");
            }
            LogStream stream = switch (head[1]) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new AssertionError("unknown stream " + head[1]);
            };
            records.add(new DeliveredRecord(stream, Arrays.copyOfRange(b, at, at + length), head[2].equals("P"),
                    Long.parseLong(head[0])));
            at += length + 1;
        }
        return records;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        throw new AssertionError("header field not ended by a space at byte " + from);
    }
}
