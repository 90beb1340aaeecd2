package io.jconmon.tools.logs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a whole file of a log (a backup, or the current file without {@code --follow}) through the decoder. */
final class FileReading {

    private FileReading() {}

    /**
     * Decodes every line of {@code file}, gunzipping a {@code .gz} one. A last line without its
     * newline (a writer that died mid-line) is decoded too. A damaged gzip file counts as skipped
     * from where it breaks.
     */
    static void readWhole(Path file, LineDecoder decoder) throws IOException {
        try {
            readLines(file, decoder);
        } catch (ZipException | EOFException e) {
            // A damaged backup should not hide the others: report it, go on with the next file.
            decoder.skip(file + ": damaged gzip file (" + e.getMessage() + "), the rest of it is skipped");
        }
    }

    private static void readLines(Path file, LineDecoder decoder) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = RotatedLogFiles.isCompressed(file) ? new GZIPInputStream(raw, 64 * 1024) : raw) {
            LineReader reader = new LineReader();
            drain(file, in, reader, decoder);
            if (reader.hasUnterminated()) {
                reader.takeUnterminated();
                decoder.line(file, reader.lineNumber(), reader.buffer(), reader.lineFrom(), reader.lineTo());
            }
        }
    }

    /** Decodes the complete lines {@code in} has now; an unterminated rest stays in {@code reader}. */
    static void drain(Path file, InputStream in, LineReader reader, LineDecoder decoder) throws IOException {
        while (reader.next(in)) {
            decoder.line(file, reader.lineNumber(), reader.buffer(), reader.lineFrom(), reader.lineTo());
        }
    }
}
