package io.jconmon.driver.hello;

import io.jconmon.spi.LogDriverFactory;
import io.jconmon.spi.LogStream;
import io.jconmon.tck.DeliveredRecord;
import io.jconmon.tck.DriverCapabilities;
import io.jconmon.tck.DriverSetup;
import io.jconmon.tck.LogDriverConformanceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit applied to hello, reading its lines ({@code PREFIX ID STREAM F|P CONTENT})
 * back byte for byte. The format keeps the partial flag and any byte but no timestamp; hello has no
 * reopen (the SPI's no-op).
 */
class HelloConformanceTest extends LogDriverConformanceTest {

    @Override
    protected LogDriverFactory factory() {
        return new HelloDriverFactory();
    }

    @Override
    protected Map<String, String> options(Path dir) {
        return Map.of("path", dir.resolve("hello.log").toString(), "prefix", "tck");
    }

    @Override
    protected DriverCapabilities capabilities() {
        return DriverCapabilities.verbatim().withoutTimestamps().withReopen(DriverCapabilities.Reopen.NOT_SUPPORTED);
    }

    @Override
    protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
        Path file = Path.of(setup.options().get("path"));
        List<DeliveredRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        byte[] bytes = Files.readAllBytes(file);
        String head = "tck " + setup.container().shortId() + " ";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            byte[] line = Arrays.copyOfRange(bytes, start, i);
            start = i + 1;
            if (!Arrays.equals(line, 0, headBytes.length, headBytes, 0, headBytes.length)) {
                throw new AssertionError("line does not start with \"" + head + "\": "
                        + new String(line, StandardCharsets.ISO_8859_1));
            }
            // After the head: "stdout F " or "stderr P ", 9 bytes, then the content.
            String tag = new String(line, headBytes.length, 9, StandardCharsets.US_ASCII);
            LogStream stream = switch (tag.substring(0, 6)) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new AssertionError("unknown stream in " + tag);
            };
            boolean partial = tag.charAt(7) == 'P';
            records.add(new DeliveredRecord(stream, Arrays.copyOfRange(line, headBytes.length + 9, line.length), partial));
        }
        if (start != bytes.length) {
            throw new AssertionError("the file ends with an unfinished line");
        }
        return records;
    }
}
