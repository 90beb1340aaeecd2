package io.jconmon.driver.jsonfile;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns records into the lines of Docker's json-file format, byte for byte as Moby's
 * {@code jsonfilelog.marshalMessage} and {@code jsonlog.JSONLogs.MarshalJSONBuf} write them:
 *
 * <pre>{"log":"hello\n","stream":"stdout","attrs":{"tag":"web"},"time":"2026-11-23T12:10:50.892285985Z"}</pre>
 *
 * <ul>
 *   <li>{@code log}: the content, plus an escaped newline unless the record is partial; the field
 *       is left out when that leaves nothing (an empty partial record), as Moby's {@code omitempty}.
 *   <li>{@code attrs}: fixed per driver, left out when empty.
 *   <li>{@code time}: the record's timestamp as Go's RFC3339Nano in UTC.
 * </ul>
 *
 * <p>Content is escaped as Moby's {@code ffjsonWriteJSONBytesAsString}: {@code "} and {@code \}
 * with a backslash, {@code \n} and {@code \r} as such, every other byte below 0x20 (tab included)
 * and {@code < > &} as <code>&#92;u00XX</code>, U+2028/U+2029 as <code>&#92;u2028</code>/<code>&#92;u2029</code>, and each byte
 * that does not start a valid UTF-8 sequence (Go's {@code utf8.DecodeRune} rules) as <code>&#92;ufffd</code>.
 * Attributes go through Go's {@code encoding/json}, which differs only in writing {@code \b},
 * {@code \f} and {@code \t} short.
 *
 * <p>Encoding allocates nothing once the arrays have grown to the largest record. Not thread-safe.
 */
final class JsonLogEncoder {

    /** The most bytes one content byte can become (<code>&#92;u00XX</code>). */
    static final int MAX_EXPANSION = 6;

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte AS_IS = 0;
    private static final byte UNICODE = 'u';

    /** Moby's content escaping: per ASCII byte, AS_IS, UNICODE, or the letter after a backslash. */
    static final byte[] LOG_ESCAPES = escapes(false);
    /** Go's encoding/json with HTML escaping on (json.Marshal), as Moby uses for attrs. */
    static final byte[] GO_ESCAPES = escapes(true);

    private static final byte[] LOG_OPEN = ascii("{\"log\":\"");
    private static final byte[] ESCAPED_NEWLINE = ascii("\\n");
    private static final byte[] CLOSE = ascii("\"}\n");

    /** Per stream ordinal: what follows the log text up to the time's opening quote. */
    private final byte[][] afterLog = new byte[LogStream.values().length][];
    /** Per stream ordinal: the same for a line without a log field. */
    private final byte[][] withoutLog = new byte[LogStream.values().length][];
    /** Every byte of a line except the escaped content. */
    private final int fixedLength;
    private final Rfc3339NanoFormatter time = new Rfc3339NanoFormatter();

    private byte[] content = new byte[8192];
    private byte[] line;
    private ByteBuffer lineBuffer;

    /** @param attrsJson the attrs object ({@link #attrsJson}), or an empty array for none */
    JsonLogEncoder(byte[] attrsJson) {
        int longest = 0;
        for (LogStream stream : LogStream.values()) {
            String middle = "\"stream\":\"" + stream.wireName() + "\""
                    + (attrsJson.length == 0 ? "" : ",\"attrs\":" + new String(attrsJson, StandardCharsets.UTF_8))
                    + ",\"time\":\"";
            afterLog[stream.ordinal()] = (("\",") + middle).getBytes(StandardCharsets.UTF_8);
            withoutLog[stream.ordinal()] = ("{" + middle).getBytes(StandardCharsets.UTF_8);
            longest = Math.max(longest, afterLog[stream.ordinal()].length + LOG_OPEN.length + ESCAPED_NEWLINE.length);
        }
        fixedLength = longest + Rfc3339NanoFormatter.MAX_LENGTH + CLOSE.length;
        line = new byte[fixedLength + content.length * MAX_EXPANSION];
        lineBuffer = ByteBuffer.wrap(line);
    }

    /**
     * Encodes one record into {@link #line()}; the record's content buffer is read to its limit.
     *
     * @return the length of the line, its final newline included
     */
    int encode(LogRecord record) {
        ByteBuffer source = record.content();
        int length = source.remaining();
        if (length > content.length) {
            content = new byte[Math.max(length, content.length * 2)];
        }
        int worst = fixedLength + length * MAX_EXPANSION;
        if (worst > line.length) {
            line = new byte[Math.max(worst, line.length * 2)];
            lineBuffer = ByteBuffer.wrap(line);
        }
        source.get(content, 0, length);
        int stream = record.stream().ordinal();
        int at;
        if (length == 0 && record.isPartial()) {
            at = put(withoutLog[stream], line, 0);
        } else {
            at = put(LOG_OPEN, line, 0);
            at = escape(content, 0, length, line, at, LOG_ESCAPES);
            if (!record.isPartial()) {
                at = put(ESCAPED_NEWLINE, line, at);
            }
            at = put(afterLog[stream], line, at);
        }
        at = time.format(record.timestampNanos(), line, at);
        return put(CLOSE, line, at);
    }

    /** The line {@link #encode} wrote; overwritten by the next call. */
    byte[] line() {
        return line;
    }

    /** {@link #line()} as a buffer from 0 to {@code length}; for lines written without batching. */
    ByteBuffer lineBuffer(int length) {
        return lineBuffer.clear().limit(length);
    }

    /** The RFC3339Nano UTC text of an instant, as in the {@code time} field. */
    String timeText(long epochNanos) {
        return time.text(epochNanos);
    }

    /**
     * The {@code attrs} object as Go's {@code json.Marshal} writes a {@code map[string]string}: keys
     * sorted by their UTF-8 bytes, keys and values escaped by {@link #GO_ESCAPES}.
     *
     * @return the object's bytes, or an empty array when there are no attributes
     */
    static byte[] attrsJson(Map<String, String> attrs) {
        if (attrs.isEmpty()) {
            return new byte[0];
        }
        Map<byte[], byte[]> sorted = new TreeMap<>(Comparator.comparing((byte[] k) -> k, Arrays::compareUnsigned));
        attrs.forEach((k, v) -> sorted.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('{');
        boolean first = true;
        for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(quoted(e.getKey(), GO_ESCAPES));
            out.write(':');
            out.writeBytes(quoted(e.getValue(), GO_ESCAPES));
        }
        out.write('}');
        return out.toByteArray();
    }

    /** {@code text} as a JSON string, quotes included. */
    static byte[] quoted(byte[] text, byte[] escapes) {
        byte[] out = new byte[text.length * MAX_EXPANSION + 2];
        out[0] = '"';
        int end = escape(text, 0, text.length, out, 1, escapes);
        out[end] = '"';
        return Arrays.copyOf(out, end + 1);
    }

    /**
     * Escapes {@code src[from, to)} into {@code dst} at {@code at}, which must have room for
     * {@link #MAX_EXPANSION} bytes per source byte.
     *
     * @return the index after the last byte written
     */
    static int escape(byte[] src, int from, int to, byte[] dst, int at, byte[] escapes) {
        int o = at;
        int i = from;
        while (i < to) {
            int b = src[i];
            if (b >= 0) {
                byte kind = escapes[b];
                if (kind == AS_IS) {
                    dst[o++] = (byte) b;
                } else if (kind == UNICODE) {
                    o = unicodeEscape(dst, o, b);
                } else {
                    dst[o++] = '\\';
                    dst[o++] = kind;
                }
                i++;
                continue;
            }
            int size = utf8SequenceLength(src, i, to);
            if (size == 0) {
                o = unicodeEscape(dst, o, 0xfffd);
                i++;
            } else if (size == 3 && src[i] == (byte) 0xe2 && src[i + 1] == (byte) 0x80
                    && (src[i + 2] == (byte) 0xa8 || src[i + 2] == (byte) 0xa9)) {
                o = unicodeEscape(dst, o, src[i + 2] == (byte) 0xa8 ? 0x2028 : 0x2029);
                i += 3;
            } else {
                for (int k = 0; k < size; k++) {
                    dst[o++] = src[i++];
                }
            }
        }
        return o;
    }

    /**
     * The length of the valid UTF-8 sequence starting at {@code src[i]} (a byte ≥ 0x80), or 0 when
     * Go's {@code utf8.DecodeRune} would return {@code (RuneError, 1)}: a stray continuation byte, an
     * overlong form, a surrogate, a code point above U+10FFFF, or a sequence cut short by {@code to}.
     */
    static int utf8SequenceLength(byte[] src, int i, int to) {
        int b0 = src[i] & 0xff;
        int size;
        int low = 0x80;
        int high = 0xbf;
        if (b0 < 0xc2) {
            return 0;
        } else if (b0 < 0xe0) {
            size = 2;
        } else if (b0 < 0xf0) {
            size = 3;
            if (b0 == 0xe0) {
                low = 0xa0;
            } else if (b0 == 0xed) {
                high = 0x9f;
            }
        } else if (b0 < 0xf5) {
            size = 4;
            if (b0 == 0xf0) {
                low = 0x90;
            } else if (b0 == 0xf4) {
                high = 0x8f;
            }
        } else {
            return 0;
        }
        if (to - i < size) {
            return 0;
        }
        int b1 = src[i + 1] & 0xff;
        if (b1 < low || b1 > high) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int b = src[i + k] & 0xff;
            if (b < 0x80 || b > 0xbf) {
                return 0;
            }
        }
        return size;
    }

    private static int unicodeEscape(byte[] dst, int o, int c) {
        dst[o++] = '\\';
        dst[o++] = 'u';
        dst[o++] = HEX[(c >> 12) & 0xf];
        dst[o++] = HEX[(c >> 8) & 0xf];
        dst[o++] = HEX[(c >> 4) & 0xf];
        dst[o++] = HEX[c & 0xf];
        return o;
    }

    private static int put(byte[] bytes, byte[] dst, int at) {
        System.arraycopy(bytes, 0, dst, at, bytes.length);
        return at + bytes.length;
    }

    private static byte[] escapes(boolean goEncodingJson) {
        byte[] table = new byte[128];
        for (int b = 0; b < 0x20; b++) {
            table[b] = UNICODE;
        }
        table['<'] = UNICODE;
        table['>'] = UNICODE;
        table['&'] = UNICODE;
        table['"'] = '"';
        table['\\'] = '\\';
        table['\n'] = 'n';
        table['\r'] = 'r';
        if (goEncodingJson) {
            // encoding/json writes \t short, and \b and \f too since Go 1.22; Moby's content writer
            // has short forms for \n and \r only.
            table['\b'] = 'b';
            table['\f'] = 'f';
            table['\t'] = 't';
        }
        return table;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
