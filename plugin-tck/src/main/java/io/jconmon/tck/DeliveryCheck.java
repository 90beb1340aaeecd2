package io.jconmon.tck;

import static org.junit.jupiter.api.Assertions.fail;

import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares what a driver's output shows with what the kit wrote, within what the driver declared it
 * keeps ({@link DriverCapabilities}).
 */
final class DeliveryCheck {
    private static final int LISTED = 30;

    private DeliveryCheck() {}

    static void assertDelivered(List<DeliveredRecord> written, List<DeliveredRecord> delivered,
            DriverCapabilities capabilities) {
        List<DeliveredRecord> expected = new ArrayList<>();
        for (DeliveredRecord record : written) {
            expected.add(capabilities.keepsAnyBytes() ? record : asText(record));
        }
        if (capabilities.assemblesLines()) {
            assertSameLines(expected, delivered, capabilities.keepsPartialFlag());
        } else {
            assertSameRecords(expected, delivered, capabilities);
        }
    }

    /** Record for record: stream, content, and the flag and timestamp when the output keeps them. */
    private static void assertSameRecords(List<DeliveredRecord> expected, List<DeliveredRecord> delivered,
            DriverCapabilities capabilities) {
        for (int i = 0; i < Math.min(expected.size(), delivered.size()); i++) {
            DeliveredRecord want = expected.get(i);
            DeliveredRecord got = delivered.get(i);
            String difference = null;
            if (want.stream() != got.stream()) {
                difference = "stream";
            } else if (!Arrays.equals(want.content(), got.content())) {
                difference = "content";
            } else if (capabilities.keepsPartialFlag() && want.partial() != got.partial()) {
                difference = "partial flag";
            } else if (capabilities.keepsTimestamps() && want.timestampNanos() != got.timestampNanos()) {
                difference = "timestamp";
            }
            if (difference != null) {
                fail("record " + i + " differs in its " + difference + ":\n  written:   " + want
                        + "\n  delivered: " + got + "\n" + listing(expected, delivered));
            }
        }
        if (expected.size() != delivered.size()) {
            fail("wrote " + expected.size() + " records, read back " + delivered.size() + "\n"
                    + listing(expected, delivered));
        }
    }

    /**
     * For drivers that join partial records into lines: each stream's text (content, a newline after
     * each complete record) is the same, and finished lines come out in the order the records that
     * finished them were written. Without the partial flag every delivered entry counts as a line.
     */
    private static void assertSameLines(List<DeliveredRecord> expected, List<DeliveredRecord> delivered,
            boolean keepsPartialFlag) {
        for (LogStream stream : LogStream.values()) {
            byte[] want = text(expected, stream, true);
            if (!keepsPartialFlag && want.length > 0 && want[want.length - 1] != '\n') {
                // What is still held at close goes out as a line of its own.
                want = Arrays.copyOf(want, want.length + 1);
                want[want.length - 1] = '\n';
            }
            byte[] got = text(delivered, stream, keepsPartialFlag);
            if (!Arrays.equals(want, got)) {
                fail(stream.wireName() + "'s text differs (a newline after each complete record):\n  written:   "
                        + Printable.of(want) + "\n  delivered: " + Printable.of(got) + "\n" + listing(expected, delivered));
            }
        }
        if (keepsPartialFlag) {
            List<LogStream> wantOrder = finishedLines(expected);
            List<LogStream> gotOrder = finishedLines(delivered);
            if (!wantOrder.equals(gotOrder)) {
                fail("complete lines come out in another order of streams:\n  written:   " + wantOrder
                        + "\n  delivered: " + gotOrder + "\n" + listing(expected, delivered));
            }
        }
    }

    private static byte[] text(List<DeliveredRecord> records, LogStream stream, boolean partialMeansUnfinished) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DeliveredRecord record : records) {
            if (record.stream() == stream) {
                out.writeBytes(record.content());
                if (!(partialMeansUnfinished && record.partial())) {
                    out.write('\n');
                }
            }
        }
        return out.toByteArray();
    }

    private static List<LogStream> finishedLines(List<DeliveredRecord> records) {
        List<LogStream> order = new ArrayList<>();
        for (DeliveredRecord record : records) {
            if (!record.partial()) {
                order.add(record.stream());
            }
        }
        return order;
    }

    /** What a UTF-8 text format gives back: each invalid byte as U+FFFD. */
    private static DeliveredRecord asText(DeliveredRecord record) {
        byte[] text = new String(record.content(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return new DeliveredRecord(record.stream(), text, record.partial(), record.timestampNanos());
    }

    private static String listing(List<DeliveredRecord> expected, List<DeliveredRecord> delivered) {
        return "written (" + expected.size() + "):\n" + lines(expected) + "delivered (" + delivered.size() + "):\n"
                + lines(delivered);
    }

    private static String lines(List<DeliveredRecord> records) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < records.size() && i < LISTED; i++) {
            out.append("    ").append(i).append(": ").append(records.get(i)).append('\n');
        }
        if (records.size() > LISTED) {
            out.append("    ...\n");
        }
        return out.toString();
    }
}
