package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;

/**
 * Parses Docker's json-file lines, {@code {"log":"hello\n","stream":"stdout","time":"..."}}, as
 * written by jconmon's json-file driver and by Moby: the {@code log} string is unescaped into UTF-8
 * bytes (a line ends with {@code \n}; without it the record is partial, Moby's split message),
 * {@code stream} and {@code time} are read, every other member ({@code attrs}) is skipped. Members
 * may come in any order. A line without {@code log} is an empty partial record, as Moby's
 * {@code omitempty} writes it.
 */
final class JsonFileParser implements EntryParser {

    private byte[] content = new byte[8192];
    private int contentLength;
    /** Where the last parse stopped and why, for the error message. */
    private String error;

    @Override
    public String parse(byte[] line, int from, int to, LogEntry into) {
        error = null;
        int at = skipSpaces(line, from, to);
        if (at >= to || line[at] != '{') {
            return "not a json-file line (expected a JSON object)";
        }
        at++;
        boolean hasLog = false;
        LogStream stream = null;
        int timeFrom = -1;
        int timeTo = -1;
        contentLength = 0;
        at = skipSpaces(line, at, to);
        if (at < to && line[at] == '}') {
            return "json-file line without stream and time";
        }
        while (true) {
            at = skipSpaces(line, at, to);
            if (at >= to || line[at] != '"') {
                return fail("expected a member name");
            }
            int nameFrom = at + 1;
            int nameTo = endOfString(line, nameFrom, to);
            if (nameTo < 0) {
                return fail("unterminated member name");
            }
            at = skipSpaces(line, nameTo + 1, to);
            if (at >= to || line[at] != ':') {
                return fail("expected ':'");
            }
            at = skipSpaces(line, at + 1, to);
            if (at >= to) {
                return fail("missing value");
            }
            if (is(line, nameFrom, nameTo, "log")) {
                if (line[at] != '"') {
                    return fail("log is not a string");
                }
                at = decodeString(line, at + 1, to);
                hasLog = true;
            } else if (is(line, nameFrom, nameTo, "stream")) {
                int end = line[at] == '"' ? endOfString(line, at + 1, to) : -1;
                if (end < 0) {
                    return fail("stream is not a string");
                }
                if (is(line, at + 1, end, "stdout")) {
                    stream = LogStream.STDOUT;
                } else if (is(line, at + 1, end, "stderr")) {
                    stream = LogStream.STDERR;
                } else {
                    return fail("unknown stream");
                }
                at = end + 1;
            } else if (is(line, nameFrom, nameTo, "time")) {
                int end = line[at] == '"' ? endOfString(line, at + 1, to) : -1;
                if (end < 0) {
                    return fail("time is not a string");
                }
                timeFrom = at + 1;
                timeTo = end;
                at = end + 1;
            } else {
                at = skipValue(line, at, to, 0);
            }
            if (at < 0) {
                return fail(error == null ? "malformed value" : error);
            }
            at = skipSpaces(line, at, to);
            if (at < to && line[at] == ',') {
                at++;
            } else if (at < to && line[at] == '}') {
                at++;
                break;
            } else {
                return fail("expected ',' or '}'");
            }
        }
        if (skipSpaces(line, at, to) != to) {
            return fail("text after the JSON object");
        }
        if (stream == null || timeFrom < 0) {
            return "json-file line without " + (stream == null ? "stream" : "time");
        }
        long nanos = Rfc3339Time.parseNanos(line, timeFrom, timeTo);
        if (nanos == Rfc3339Time.INVALID) {
            return "bad time in json-file line";
        }
        boolean endsLine = hasLog && contentLength > 0 && content[contentLength - 1] == '\n';
        into.stream = stream;
        into.partial = !endsLine;
        into.timestampNanos = nanos;
        into.timestampText = line;
        into.timestampFrom = timeFrom;
        into.timestampTo = timeTo;
        into.content = content;
        into.contentFrom = 0;
        into.contentTo = endsLine ? contentLength - 1 : contentLength;
        return null;
    }

    private String fail(String why) {
        return "not a json-file line: " + why;
    }

    /**
     * Unescapes the JSON string whose text starts at {@code line[at]} into {@link #content}.
     *
     * @return the index after the closing quote, or -1
     */
    private int decodeString(byte[] line, int at, int to) {
        int i = at;
        while (i < to) {
            byte b = line[i];
            if (b == '"') {
                return i + 1;
            }
            ensure(4);
            if (b != '\\') {
                content[contentLength++] = b;
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return -1;
            }
            byte e = line[i + 1];
            i += 2;
            switch (e) {
                case '"', '\\', '/' -> content[contentLength++] = e;
                case 'n' -> content[contentLength++] = '\n';
                case 'r' -> content[contentLength++] = '\r';
                case 't' -> content[contentLength++] = '\t';
                case 'b' -> content[contentLength++] = '\b';
                case 'f' -> content[contentLength++] = '\f';
                case 'u' -> {
                    int c = hex4(line, i, to);
                    if (c < 0) {
                        error = "bad \\u escape";
                        return -1;
                    }
                    i += 4;
                    if (c >= 0xd800 && c <= 0xdbff && i + 6 <= to && line[i] == '\\' && line[i + 1] == 'u') {
                        int low = hex4(line, i + 2, to);
                        if (low >= 0xdc00 && low <= 0xdfff) {
                            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                            i += 6;
                        }
                    }
                    if (c >= 0xd800 && c <= 0xdfff) {
                        c = 0xfffd; // a lone surrogate, as Go's decoder
                    }
                    putUtf8(c);
                }
                default -> {
                    error = "bad escape";
                    return -1;
                }
            }
        }
        return -1;
    }

    private void putUtf8(int c) {
        if (c < 0x80) {
            content[contentLength++] = (byte) c;
        } else if (c < 0x800) {
            content[contentLength++] = (byte) (0xc0 | c >> 6);
            content[contentLength++] = (byte) (0x80 | c & 0x3f);
        } else if (c < 0x10000) {
            content[contentLength++] = (byte) (0xe0 | c >> 12);
            content[contentLength++] = (byte) (0x80 | c >> 6 & 0x3f);
            content[contentLength++] = (byte) (0x80 | c & 0x3f);
        } else {
            content[contentLength++] = (byte) (0xf0 | c >> 18);
            content[contentLength++] = (byte) (0x80 | c >> 12 & 0x3f);
            content[contentLength++] = (byte) (0x80 | c >> 6 & 0x3f);
            content[contentLength++] = (byte) (0x80 | c & 0x3f);
        }
    }

    private void ensure(int more) {
        if (contentLength + more > content.length) {
            content = java.util.Arrays.copyOf(content, Math.max(content.length * 2, contentLength + more));
        }
    }

    private static int hex4(byte[] line, int at, int to) {
        if (at + 4 > to) {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    /** The index of the closing quote of the string whose text starts at {@code at}, or -1. */
    private static int endOfString(byte[] line, int at, int to) {
        for (int i = at; i < to; i++) {
            if (line[i] == '\\') {
                i++;
            } else if (line[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Skips any JSON value (attrs and members this reader does not know); -1 if malformed. */
    private static int skipValue(byte[] line, int at, int to, int depth) {
        if (at >= to || depth > 64) {
            return -1;
        }
        byte b = line[at];
        if (b == '"') {
            int end = endOfString(line, at + 1, to);
            return end < 0 ? -1 : end + 1;
        }
        if (b == '{' || b == '[') {
            byte close = b == '{' ? (byte) '}' : (byte) ']';
            int i = skipSpaces(line, at + 1, to);
            if (i < to && line[i] == close) {
                return i + 1;
            }
            while (i < to) {
                if (b == '{') {
                    i = skipValue(line, i, to, depth + 1); // the name
                    i = i < 0 ? -1 : skipSpaces(line, i, to);
                    if (i < 0 || i >= to || line[i] != ':') {
                        return -1;
                    }
                    i = skipSpaces(line, i + 1, to);
                }
                i = skipValue(line, i, to, depth + 1);
                if (i < 0) {
                    return -1;
                }
                i = skipSpaces(line, i, to);
                if (i < to && line[i] == ',') {
                    i = skipSpaces(line, i + 1, to);
                } else if (i < to && line[i] == close) {
                    return i + 1;
                } else {
                    return -1;
                }
            }
            return -1;
        }
        // number, true, false, null
        int i = at;
        while (i < to && line[i] != ',' && line[i] != '}' && line[i] != ']' && line[i] != ' ') {
            i++;
        }
        return i == at ? -1 : i;
    }

    private static int skipSpaces(byte[] line, int at, int to) {
        int i = at;
        while (i < to && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean is(byte[] line, int from, int to, String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (line[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
