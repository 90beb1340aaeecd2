package io.jconmon.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A container output whose every line says where it belongs, and the checks of what the logs kept
 * of it. Line {@code n} (from 1) is 100 bytes: {@code n} in 9 digits, a space, 89 letters that
 * depend on {@code n}, a newline. A static C program ({@code /bin/numbered COUNT [PAUSE_EVERY
 * PAUSE_MS]}) writes them in 64 KiB writes, far faster than busybox's awk, and may pause so that
 * a test can act mid-stream; it is compiled once per test run and copied into each bundle.
 */
final class NumberedLines {
    static final int LINE = 100;
    private static final String SOURCE = """
            #include <stdlib.h>
            #include <time.h>
            #include <unistd.h>
            static char buf[65500];
            static void out(size_t n) {
                size_t off = 0;
                while (off < n) {
                    ssize_t w = write(1, buf + off, n - off);
                    if (w <= 0) exit(3);
                    off += (size_t) w;
                }
            }
            int main(int argc, char **argv) {
                long count = atol(argv[1]);
                long pauseEvery = argc > 3 ? atol(argv[2]) : 0;
                long pauseMs = argc > 3 ? atol(argv[3]) : 0;
                size_t used = 0;
                for (long n = 1; n <= count; n++) {
                    char *p = buf + used;
                    long v = n;
                    for (int i = 8; i >= 0; i--) { p[i] = (char) ('0' + v % 10); v /= 10; }
                    p[9] = ' ';
                    for (int i = 0; i < 89; i++) p[10 + i] = (char) ('a' + (n + i) % 26);
                    p[99] = '\\n';
                    used += 100;
                    if (used == sizeof buf || n == count || (pauseEvery > 0 && n % pauseEvery == 0)) {
                        out(used);
                        used = 0;
                    }
                    if (pauseEvery > 0 && n % pauseEvery == 0) {
                        struct timespec t = { pauseMs / 1000, (pauseMs % 1000) * 1000000L };
                        nanosleep(&t, NULL);
                    }
                }
                return 0;
            }
            """;
    private static Path binary;

    private NumberedLines() {}

    /** Copies the generator into {@code bundle}'s rootfs as /bin/numbered (compiling it on first use). */
    static synchronized void install(Path bundle) throws IOException, InterruptedException {
        if (binary == null) {
            Path dir = Files.createTempDirectory("jcit-numbered");
            Path src = dir.resolve("numbered.c");
            Files.writeString(src, SOURCE);
            Path bin = dir.resolve("numbered");
            Host.run(List.of("gcc", "-O2", "-static", "-o", bin.toString(), src.toString()));
            binary = bin;
        }
        Path target = bundle.resolve("rootfs/bin/numbered");
        Files.copy(binary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true, false);
    }

    /** Line {@code n} as the generator writes it, newline included. */
    static byte[] line(long n) {
        byte[] b = new byte[LINE];
        long v = n;
        for (int i = 8; i >= 0; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        b[9] = ' ';
        for (int i = 0; i < 89; i++) {
            b[10 + i] = (byte) ('a' + (n + i) % 26);
        }
        b[99] = '\n';
        return b;
    }

    /** SHA-256 of lines {@code first..last}. */
    static String sha256(long first, long last) {
        MessageDigest md = sha();
        for (long n = first; n <= last; n++) {
            md.update(line(n));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Follows the lines a log reassembles, file after file (oldest first): each line must be the
     * next number's exact line; a line may not continue from one file into the next.
     */
    static final class Checker {
        private final MessageDigest md = sha();
        private final byte[] pending = new byte[64 * 1024];
        private int pendingLength;
        private long first = -1;
        private long last = -1;
        private long lines;
        private String where = "";
        private boolean acrossFiles;

        /** Lets a line start in one file and end in the next (a reopen cuts wherever the monitor is). */
        Checker allowingLinesAcrossFiles() {
            acrossFiles = true;
            return this;
        }

        /** Starts the next file. */
        void file(String name) {
            if (pendingLength != 0 && !acrossFiles) {
                throw new AssertionError(where + ": a line is split across files (P records at the end, "
                        + pendingLength + " bytes pending) before " + name);
            }
            where = name;
        }

        /** One record's content: a piece of a line ({@code partial}) or the end of one. */
        void piece(byte[] b, int off, int len, boolean partial) {
            if (pendingLength + len + 1 > pending.length) {
                throw new AssertionError(where + ": a line longer than " + pending.length + " bytes");
            }
            System.arraycopy(b, off, pending, pendingLength, len);
            pendingLength += len;
            if (partial) {
                return;
            }
            pending[pendingLength++] = '\n';
            long n = parseNumber();
            if (last >= 0 && n != last + 1) {
                throw new AssertionError(where + ": line " + n + " follows line " + last + " (lost or repeated lines)");
            }
            if (!java.util.Arrays.equals(pending, 0, pendingLength, line(n), 0, LINE)) {
                throw new AssertionError(where + ": line " + n + " is damaged: "
                        + K8sLog.escape(java.util.Arrays.copyOf(pending, pendingLength)));
            }
            md.update(pending, 0, pendingLength);
            if (first < 0) {
                first = n;
            }
            last = n;
            lines++;
            pendingLength = 0;
        }

        private long parseNumber() {
            long n = 0;
            for (int i = 0; i < 9; i++) {
                byte c = pending[i];
                if (pendingLength < LINE || c < '0' || c > '9') {
                    throw new AssertionError(where + ": not a generated line: "
                            + K8sLog.escape(java.util.Arrays.copyOf(pending, pendingLength)));
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }

        /** Ends the last file: nothing may be left pending. */
        void end() {
            if (pendingLength != 0) {
                throw new AssertionError(where + ": ends inside a line (" + pendingLength + " bytes pending)");
            }
        }

        long first() {
            return first;
        }

        long last() {
            return last;
        }

        long lines() {
            return lines;
        }

        String sha256() {
            return HexFormat.of().formatHex(md.digest());
        }

        /** Reads one k8s-file log file (§5.2.2) into the checker, stdout records only; returns its record count. */
        long k8sFile(Path file) throws IOException {
            file(file.toString());
            byte[] b = Files.readAllBytes(file);
            long records = 0;
            int pos = 0;
            while (pos < b.length) {
                int nl = pos;
                while (nl < b.length && b[nl] != '\n') {
                    nl++;
                }
                if (nl >= b.length || nl - pos < 45) {
                    throw new AssertionError(file + ": a malformed record at byte " + pos);
                }
                String head = new String(b, pos + 35, 10, StandardCharsets.US_ASCII);
                if (!head.startsWith(" stdout ") || (b[pos + 43] != 'F' && b[pos + 43] != 'P')) {
                    throw new AssertionError(file + ": unexpected record head '" + head + "' at byte " + pos);
                }
                piece(b, pos + 45, nl - pos - 45, b[pos + 43] == 'P');
                records++;
                pos = nl + 1;
            }
            return records;
        }

        /**
         * Reads one json-file log file (plain or .gz) into the checker: lines
         * {@code {"log":"<text>","stream":"stdout",...}}; the text of a complete line ends in an
         * escaped newline, a partial one's does not. Returns its line count.
         */
        long jsonFile(Path file) throws IOException {
            file(file.toString());
            byte[] b;
            try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file), 65536)
                    : Files.newInputStream(file)) {
                b = in.readAllBytes();
            }
            byte[] open = "{\"log\":\"".getBytes(StandardCharsets.US_ASCII);
            long count = 0;
            int pos = 0;
            while (pos < b.length) {
                int nl = pos;
                while (nl < b.length && b[nl] != '\n') {
                    nl++;
                }
                if (nl >= b.length) {
                    throw new AssertionError(file + ": the last line has no newline");
                }
                count++;
                if (java.util.Arrays.equals(b, pos, pos + open.length, open, 0, open.length)) {
                    int start = pos + open.length;
                    int end = start;
                    while (end < nl && b[end] != '"') {
                        end++; // the generated text has no quote and no backslash but the final \n
                    }
                    boolean whole = end - start >= 2 && b[end - 2] == '\\' && b[end - 1] == 'n';
                    piece(b, start, whole ? end - start - 2 : end - start, !whole);
                } else if (!new String(b, pos, Math.min(12, nl - pos), StandardCharsets.US_ASCII).startsWith("{\"stream\"")) {
                    throw new AssertionError(file + ": unexpected line at byte " + pos);
                }
                pos = nl + 1;
            }
            return count;
        }
    }
}
