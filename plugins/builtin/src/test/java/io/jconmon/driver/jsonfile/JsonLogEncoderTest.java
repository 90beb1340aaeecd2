package io.jconmon.driver.jsonfile;

import io.jconmon.tck.TestRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.spi.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonLogEncoderTest {

    private static final long T0 = nanos("2026-11-23T12:10:50.892285985Z");
    private static final String TIME = "\"time\":\"2026-11-23T12:10:50.892285985Z\"}\n";

    private final JsonLogEncoder encoder = new JsonLogEncoder(new byte[0]);

    static long nanos(String instant) {
        Instant at = Instant.parse(instant);
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static String encode(JsonLogEncoder encoder, TestRecord record) {
        int length = encoder.encode(record);
        // Every line is valid UTF-8, whatever the content: a strict decode must succeed.
        return StrictJson.decoded(java.util.Arrays.copyOf(encoder.line(), length));
    }

    private String line(byte[] content) {
        return encode(encoder, new TestRecord(LogStream.STDOUT, T0, false, content));
    }

    /** A complete line of these bytes. */
    private String line(int... values) {
        byte[] content = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            content[i] = (byte) values[i];
        }
        return line(content);
    }

    private static String complete(String escapedLog) {
        return "{\"log\":\"" + escapedLog + "\\n\",\"stream\":\"stdout\"," + TIME;
    }

    @Test
    void completeLineGetsAnEscapedNewlineAndTheFieldsInMobysOrder() {
        assertEquals("{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:10:50.892285985Z\"}\n",
                encode(encoder, TestRecord.line(T0, "hello")));
        assertEquals("{\"log\":\"oops\\n\",\"stream\":\"stderr\"," + TIME,
                encode(encoder, new TestRecord(LogStream.STDERR, T0, false, "oops".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void partialRecordHasNoNewline() {
        assertEquals("{\"log\":\"no newline yet\",\"stream\":\"stdout\"," + TIME,
                encode(encoder, TestRecord.partial(T0, "no newline yet")));
    }

    @Test
    void emptyLineIsJustTheNewlineAndAnEmptyPartialHasNoLogFieldAtAll() {
        assertEquals("{\"log\":\"\\n\",\"stream\":\"stdout\"," + TIME, encode(encoder, TestRecord.line(T0, "")));
        // Moby's `log,omitempty`: nothing to log, no field.
        assertEquals("{\"stream\":\"stdout\"," + TIME, encode(encoder, TestRecord.partial(T0, "")));
    }

    @Test
    void theShortestLineIsWhatTheDriverSizesItsBatchBookkeepingFor() {
        int length = encoder.encode(new TestRecord(LogStream.STDOUT, 0, true, new byte[0]));
        assertEquals(JsonFileDriver.SHORTEST_LINE, length);
        assertEquals("{\"stream\":\"stdout\",\"time\":\"1970-01-01T00:00:00Z\"}\n",
                new String(encoder.line(), 0, length, StandardCharsets.US_ASCII));
    }

    @Test
    void carriageReturnAndNewlineUseShortEscapes() {
        assertEquals(complete("tty line\\r"), line("tty line\r".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(complete("a\\nb"), line('a', '\n', 'b'));
    }

    @Test
    void otherControlBytesTabIncludedAreUnicodeEscapesAsMobysWriterDoesThem() {
        assertEquals(complete("a\\u0000b"), line('a', 0, 'b'));
        assertEquals(complete("\\u0009indented"), line("\tindented".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(complete("\\u0008\\u000c\\u0001\\u001b[0m\\u001f"), line(8, 12, 1, 27, '[', '0', 'm', 31));
        // DEL is not a control character for JSON.
        assertEquals(complete("\u007f"), line(0x7f));
    }

    @Test
    void quotesAndBackslashesAreEscapedWithABackslash() {
        assertEquals(complete("say \\\"hi\\\" \\\\ C:\\\\dir"),
                line("say \"hi\" \\ C:\\dir".getBytes(StandardCharsets.US_ASCII)));
        // Moby's own test vector (jsonlogbytes_test.go).
        assertEquals(complete("\\\"A log line with \\\\\\\""),
                line("\"A log line with \\\"".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoesByDefault() {
        assertEquals(complete("A log line with \\u0026 \\u003c \\u003e"),
                line("A log line with & < >".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(complete("\\u003cscript\\u003e"), line("<script>".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void lineAndParagraphSeparatorsAreEscapedOtherUnicodeIsKept() {
        assertEquals(complete("\\u2028 \\u2029"), line("\u2028 \u2029".getBytes(StandardCharsets.UTF_8)));
        assertEquals(complete("utf8 : 🚀 ψ ω β é"), line("utf8 : 🚀 ψ ω β é".getBytes(StandardCharsets.UTF_8)));
        // A valid U+FFFD and U+2027/U+202A (neighbours of the separators) pass as they are.
        assertEquals(complete("\ufffd\u2027\u202a"), line("\ufffd\u2027\u202a".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyByteThatStartsNoValidUtf8SequenceBecomesOneReplacementEscape() {
        String r = "\\ufffd";
        assertEquals(complete(r), line(0xaf)); // Moby's test vector: a stray continuation byte
        assertEquals(complete(r + r + "( "), line(0xff, 0xc3, '(', ' ')); // bad lead; lead cut off by '('
        assertEquals(complete("a" + r + r), line('a', 0xe2, 0x82)); // truncated at the end: per byte
        assertEquals(complete(r + r), line(0xc0, 0xaf)); // overlong '/'
        assertEquals(complete(r + r + r), line(0xe0, 0x80, 0xaf)); // overlong three-byte form
        assertEquals(complete(r + r + r), line(0xed, 0xa0, 0x80)); // UTF-16 surrogate
        assertEquals(complete(r + r + r + r), line(0xf4, 0x90, 0x80, 0x80)); // above U+10FFFF
        assertEquals(complete(r + r + r + r), line(0xf5, 0x80, 0x80, 0x80)); // never a lead byte
        assertEquals(complete(r + "\u20ac"), line(0xe2, 0xe2, 0x82, 0xac)); // bad lead, then a valid €
        assertEquals(complete("\u00e9" + r + "\ud800\udc00"), line(0xc3, 0xa9, 0x80, 0xf0, 0x90, 0x80, 0x80));
    }

    @Test
    void attrsAreAnObjectBetweenStreamAndTimeEscapedAsGoEncodingJson() {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("tag", "web\t<1>");
        attrs.put("app", "a\bb\fc\"d\\e\u2028");
        attrs.put("Zone", "é");
        var withAttrs = new JsonLogEncoder(JsonLogEncoder.attrsJson(attrs));
        // Keys sorted by their bytes; \b \f \t short (encoding/json), unlike the log text.
        assertEquals("{\"log\":\"x\\n\",\"stream\":\"stdout\",\"attrs\":{\"Zone\":\"é\",\"app\":"
                + "\"a\\bb\\fc\\\"d\\\\e\\u2028\",\"tag\":\"web\\t\\u003c1\\u003e\"}," + TIME,
                encode(withAttrs, TestRecord.line(T0, "x")));
        assertEquals("{\"stream\":\"stdout\",\"attrs\":{\"Zone\":\"é\",\"app\":"
                + "\"a\\bb\\fc\\\"d\\\\e\\u2028\",\"tag\":\"web\\t\\u003c1\\u003e\"}," + TIME,
                encode(withAttrs, TestRecord.partial(T0, "")));
    }

    @Test
    void attrKeysAreSortedByUtf8BytesAsGoSortsStrings() {
        // U+FF21 sorts before U+1F600 in UTF-16 order too, but U+E000 vs U+10000 differ:
        // UTF-16 puts the surrogate pair of U+10000 (0xD800) first, UTF-8 (0xEE vs 0xF0) last.
        Map<String, String> attrs = Map.of("\ud800\udc00", "1", "\ue000", "2", "a", "3");
        assertEquals("{\"a\":\"3\",\"\ue000\":\"2\",\"\ud800\udc00\":\"1\"}",
                new String(JsonLogEncoder.attrsJson(attrs), StandardCharsets.UTF_8));
        assertEquals(0, JsonLogEncoder.attrsJson(Map.of()).length);
    }

    @Test
    void longRecordsOfWorstCaseBytesFitAndNothingIsLost() {
        byte[] content = new byte[100_000];
        java.util.Arrays.fill(content, (byte) 1);
        String expected = complete("\\u0001".repeat(content.length));
        assertEquals(expected, line(content));
        // And the encoder goes on with small records after growing.
        assertEquals(complete("ok"), line('o', 'k'));
    }

    @Test
    void anyBytesMakeOneValidJsonLineAndValidUtf8ContentReadsBackExactly() {
        var random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] content = new byte[random.nextInt(0, 200)];
            random.nextBytes(content);
            if (i % 2 == 0) {
                // Mostly ASCII with control characters and the odd multi-byte character.
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < content.length; k++) {
                    int kind = random.nextInt(10);
                    text.appendCodePoint(kind < 6 ? random.nextInt(0, 0x80)
                            : kind < 8 ? random.nextInt(0x80, 0xd800)
                            : kind < 9 ? random.nextInt(0xe000, 0x10000) : random.nextInt(0x10000, 0x110000));
                }
                content = text.toString().getBytes(StandardCharsets.UTF_8);
            }
            boolean partial = random.nextBoolean();
            var record = new TestRecord(random.nextBoolean() ? LogStream.STDOUT : LogStream.STDERR,
                    random.nextLong(-1_000_000_000_000_000_000L, 4_000_000_000_000_000_000L), partial, content);
            int length = encoder.encode(record);
            String text = StrictJson.decoded(java.util.Arrays.copyOf(encoder.line(), length));
            var parsed = StrictJson.line(text.substring(0, text.length() - 1));
            assertEquals(record.stream().wireName(), parsed.stream());
            assertEquals(record.timestampNanos(), parsed.time().getEpochSecond() * 1_000_000_000L + parsed.time().getNano());
            if (i % 2 == 0) {
                String expected = new String(content, StandardCharsets.UTF_8) + (partial ? "" : "\n");
                assertEquals(expected.isEmpty() ? null : expected, parsed.log());
            }
        }
    }
}
