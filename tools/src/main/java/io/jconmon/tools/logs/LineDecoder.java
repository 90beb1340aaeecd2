package io.jconmon.tools.logs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Parses the lines of a log's files in order and hands the records to the assembler. A line that
 * does not parse is reported on stderr as {@code FILE:LINE: why} and skipped; {@link #skipped()}
 * counts them. With {@link LogFormat#AUTO} the first line decides the format for all files.
 */
final class LineDecoder {

    private final PrintStream errors;
    private final LineAssembler assembler;
    private final LogEntry entry = new LogEntry();
    private EntryParser parser;
    private long skipped;

    LineDecoder(LogFormat format, LineAssembler assembler, PrintStream errors) {
        this.assembler = assembler;
        this.errors = errors;
        this.parser = format == LogFormat.AUTO ? null : format.newParser();
    }

    void line(Path file, long lineNumber, byte[] line, int from, int to) throws IOException {
        if (parser == null) {
            parser = LogFormat.detect(line, from, to).newParser();
        }
        String error = to == from ? "empty line" : parser.parse(line, from, to, entry);
        if (error != null) {
            skip(file + ":" + lineNumber + ": " + error + ", skipped");
            return;
        }
        assembler.add(entry);
    }

    /** Reports something that could not be read and counts it as skipped. */
    void skip(String what) {
        skipped++;
        errors.println("jconmon logs: " + what);
    }

    /** Reports something the user should know that is not a skipped line. */
    void warn(String what) {
        errors.println("jconmon logs: " + what);
    }

    /** The input ended: lines still open are printed. */
    void finish() throws IOException {
        assembler.finish();
    }

    long skipped() {
        return skipped;
    }
}
