package io.jconmon.core.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.spi.LogStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputSplitterTest {

    /** What the sink saw, in order: records as "F:content"/"P:content", chunks as "chunk:start-end". */
    private static final class Recorder implements RecordSink {
        final List<String> events = new ArrayList<>();

        @Override
        public void record(ReusableRecord record) {
            record.rewind();
            ByteBuffer content = record.content();
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            assertEquals(bytes.length, record.length());
            events.add((record.isPartial() ? "P:" : "F:") + new String(bytes, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void chunk(LogStream stream, byte[] buf, int start, int end) {
            events.add("chunk:" + start + "-" + end);
        }

        @Override
        public void endOfBatch() {
            events.add("end");
        }
    }

    private static List<String> split(byte[] input) {
        byte[] buf = new byte[OutputReader.READ_SIZE];
        System.arraycopy(input, 0, buf, 0, input.length);
        var sink = new Recorder();
        new OutputSplitter(new ReusableRecord(buf), sink).split(LogStream.STDOUT, buf, input.length, 1L);
        return sink.events;
    }

    /** conmon's rule written the obvious way: 8192-byte chunks, cut at every newline byte. */
    private static List<String> reference(byte[] input) {
        List<String> events = new ArrayList<>();
        for (int chunk = 0; chunk < input.length; chunk += OutputSplitter.CHUNK) {
            int end = Math.min(input.length, chunk + OutputSplitter.CHUNK);
            int start = chunk;
            for (int i = chunk; i < end; i++) {
                if (input[i] == '\n') {
                    events.add("F:" + new String(input, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            if (start < end) {
                events.add("P:" + new String(input, start, end - start, StandardCharsets.ISO_8859_1));
            }
            events.add("chunk:" + chunk + "-" + end);
        }
        events.add("end");
        return events;
    }

    @Test
    void linesBecomeFullRecordsAndAChunkTailIsPartial() {
        assertEquals(List.of("F:a", "F:", "F:bc", "P:d", "chunk:0-7", "end"), split("a\n\nbc\nd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aLineLongerThanAChunkIsCutAtTheChunkBoundary() {
        byte[] input = new byte[OutputSplitter.CHUNK + 10];
        java.util.Arrays.fill(input, (byte) 'x');
        input[input.length - 1] = '\n';
        assertEquals(List.of("P:" + "x".repeat(OutputSplitter.CHUNK), "chunk:0-8192", "F:" + "x".repeat(9),
                "chunk:8192-8202", "end"), split(input));
    }

    @Test
    void agreesWithTheByteByByteRuleOnRandomInputWithEveryByteValue() {
        var random = new SplittableRandom(42);
        for (int round = 0; round < 300; round++) {
            int length = random.nextInt(OutputReader.READ_SIZE + 1);
            byte[] input = new byte[length];
            // Sparse or dense newlines, and bytes next to '\n' (0x0b, 0x8a, 0x09) that a wrong
            // word-at-a-time test would mistake for it.
            int newlineEvery = 1 + random.nextInt(round % 3 == 0 ? 4 : 300);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(newlineEvery * 2);
                input[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) (random.nextBoolean() ? 0x0b : 0x8a)
                        : pick == 2 ? (byte) 0x09 : (byte) random.nextInt(256);
            }
            assertEquals(reference(input), split(input), "round " + round + ", length " + length);
        }
    }

    @Test
    void indexOfNewlineFindsTheFirstAtEveryOffsetAndAlignment() {
        var random = new SplittableRandom(7);
        for (int from = 0; from < 17; from++) {
            for (int at = from; at < 80; at++) {
                byte[] buf = new byte[96];
                java.util.Arrays.fill(buf, (byte) (0x0a ^ 0x80));
                buf[at] = '\n';
                buf[at + 1] = (byte) (random.nextBoolean() ? 0x0b : 0x8a);
                buf[Math.min(95, at + 9)] = '\n';
                assertEquals(at, OutputSplitter.indexOfNewline(buf, from, 96));
                assertEquals(-1, OutputSplitter.indexOfNewline(buf, from, at));
            }
        }
    }
}
