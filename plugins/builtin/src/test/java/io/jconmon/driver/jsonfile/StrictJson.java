package io.jconmon.driver.jsonfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict RFC 8259 reader for the lines a json-file driver writes, and the checks a Docker log
 * reader (Go's json.Decoder into {@code jsonlog.JSONLog}) relies on: every line one object ending in
 * {@code \n}, valid UTF-8 throughout, no raw control characters in strings, only the escapes JSON
 * defines, keys {@code log}, {@code stream}, {@code attrs}, {@code time} in that order, {@code attrs}
 * an object of strings and {@code time} an RFC 3339 instant.
 */
final class StrictJson {

    /** One decoded line. */
    record Line(String log, String stream, Map<String, String> attrs, Instant time) {}

    private final String text;
    private int at;

    private StrictJson(String text) {
        this.text = text;
    }

    /** Reads and checks every line of a file. */
    static List<Line> readLines(Path file) throws IOException {
        return readLines(Files.readAllBytes(file));
    }

    static List<Line> readLines(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8: " + e);
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line has no newline: " + text);
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            lines.add(line(text.substring(start, end)));
            start = end + 1;
        }
        return lines;
    }

    /** Parses one line (without its newline) as a Docker log entry. */
    static Line line(String line) {
        StrictJson reader = new StrictJson(line);
        Object value = reader.value();
        if (reader.at != line.length()) {
            throw reader.error("text after the object");
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new AssertionError("not an object: " + line);
        }
        List<String> keys = new ArrayList<>();
        for (Object key : object.keySet()) {
            keys.add((String) key);
        }
        List<String> order = new ArrayList<>(List.of("log", "stream", "attrs", "time"));
        order.retainAll(keys);
        if (!order.equals(keys) || !keys.contains("time") || !Set.of("log", "stream", "attrs", "time").containsAll(keys)) {
            throw new AssertionError("unexpected keys " + keys + " in " + line);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if (object.get("attrs") != null) {
            if (!(object.get("attrs") instanceof Map<?, ?> map)) {
                throw new AssertionError("attrs is not an object: " + line);
            }
            map.forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw new AssertionError("attrs value is not a string: " + line);
                }
                attrs.put((String) k, s);
            });
        }
        Instant time;
        try {
            time = Instant.parse((String) object.get("time"));
        } catch (DateTimeParseException | ClassCastException e) {
            throw new AssertionError("time is not RFC 3339: " + line, e);
        }
        return new Line((String) object.get("log"), (String) object.get("stream"), attrs, time);
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("value expected");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '"' -> string();
            default -> throw error("only objects and strings are expected");
        };
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> object = new LinkedHashMap<>();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            String key = string();
            if (object.containsKey(key)) {
                throw error("duplicate key " + key);
            }
            expect(':');
            object.put(key, value());
            char c = next();
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                throw error("',' or '}' expected");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("raw control character " + (int) c + " in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    String hex = text.substring(at, at + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw error("bad \\u escape");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    at += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void expect(char c) {
        if (next() != c) {
            at--;
            throw error("'" + c + "' expected");
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private AssertionError error(String what) {
        return new AssertionError(what + " at " + at + " in " + text);
    }

    /** The string a JSON reader gets for {@code log}, for content that is valid UTF-8. */
    static String decoded(byte[] validUtf8) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(validUtf8));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
