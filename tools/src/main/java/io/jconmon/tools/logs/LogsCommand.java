package io.jconmon.tools.logs;

import io.jconmon.spi.LogStream;
import io.jconmon.tools.ExitStatus;
import io.jconmon.tools.ToolException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jconmon logs}: prints a container's k8s-file or json-file log, backups included. */
@Command(
        name = "logs",
        sortOptions = false,
        description = {
            "Print the log a jconmon (or C conmon) log driver wrote, like podman logs: each line's content and"
                    + " a newline.",
            "",
            "Reads k8s-file logs (conmon's '<timestamp> <stdout|stderr> <P|F> <content>' lines) and json-file"
                    + " logs (Docker's {\"log\":...,\"stream\":...,\"time\":...} lines), with their rotated backups:"
                    + " PATH.N ... PATH.1 (oldest first, each may be gzipped as PATH.N.gz), then PATH. Lines split"
                    + " into partial records (P...F) are printed whole; a line's time is that of its first record;"
                    + " output that never got its newline is printed with one at the end.",
            ""
        },
        footer = {
            "",
            "A line that cannot be parsed is reported on stderr as FILE:LINE and skipped; the rest is printed.",
            "Exit status: 0 all printed; 1 an error, or some lines were skipped; 2 bad command line;"
                    + " 141 stdout was closed."
        })
public final class LogsCommand implements Callable<Integer> {

    /** How often --follow looks at the file. */
    static final long POLL_MILLIS = 100;
    /** --follow stops once PATH has been missing this long (a rotation leaves it missing for microseconds). */
    static final long GONE_AFTER_NANOS = 1_000_000_000L;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only lines at or after TIME: RFC 3339 (2026-11-23T12:00:00Z), a date, Unix seconds,"
                    + " or a duration before now (10m, 2h, 1h30m).")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Only lines at or before TIME (same forms as --since). With --follow, stop once the"
                    + " clock passes TIME.")
    String until;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1",
            description = "Only the last N lines (of those --since/--until/--stream select) across all files;"
                    + " -1 (default) prints all.")
    int tail;

    @Option(names = {"-f", "--follow"},
            description = "Keep printing lines as they are written, across rotations and truncations of PATH,"
                    + " until interrupted or until PATH has been gone for a second (the log was removed).")
    boolean follow;

    @Option(names = {"-t", "--timestamps"}, description = "Print each line's timestamp, as the file has it, before it.")
    boolean timestamps;

    @Option(names = "--stream", paramLabel = "STREAM", description = "Only stdout or only stderr.")
    String stream;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "k8s-file, json-file or auto (default: a first line starting with '{' means json-file).")
    String format;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "PATH", description = "The log file (the path given to -l / --log-path).")
    Path path;

    private final OutputStream out;
    private final PrintStream err;

    /** @param out where the lines go; @param err where diagnostics go */
    public LogsCommand(OutputStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws ToolException {
        LogFormat logFormat = LogFormat.of(format);
        if (logFormat == null) {
            throw new ToolException(ExitStatus.USAGE, "unknown format '" + format + "' (k8s-file, json-file or auto)");
        }
        LogStream only = null;
        if (stream != null) {
            only = switch (stream) {
                case "stdout" -> LogStream.STDOUT;
                case "stderr" -> LogStream.STDERR;
                default -> throw new ToolException(ExitStatus.USAGE, "unknown stream '" + stream + "' (stdout or stderr)");
            };
        }
        if (tail < -1) {
            throw new ToolException(ExitStatus.USAGE, "--tail must be -1 (all) or more, got " + tail);
        }
        Instant now = Instant.now();
        long sinceNanos = since == null ? Long.MIN_VALUE : time("--since", since, now);
        long untilNanos = until == null ? Long.MAX_VALUE : time("--until", until, now);

        LinePrinter printer = new LinePrinter(out, timestamps, tail);
        LineDecoder decoder = new LineDecoder(logFormat,
                new LineAssembler(new LineFilter(only, sinceNanos, untilNanos), printer), err);
        try {
            List<Path> files = RotatedLogFiles.chronological(path);
            if (files.isEmpty()) {
                throw new ToolException(ExitStatus.FAILED, "no such log file: " + path);
            }
            for (Path file : files) {
                if (!file.equals(path) || !follow) {
                    FileReading.readWhole(file, decoder);
                }
            }
            if (follow) {
                new LogFollower(path, decoder, printer, untilNanos, POLL_MILLIS, GONE_AFTER_NANOS).run();
            } else {
                decoder.finish();
                printer.endOfBacklog();
            }
            printer.flush();
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return ExitStatus.OUTPUT_CLOSED;
            }
            flushQuietly(printer);
            throw new ToolException(ExitStatus.FAILED, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flushQuietly(printer);
        }
        if (decoder.skipped() > 0) {
            err.println("jconmon logs: " + decoder.skipped() + " line(s) could not be parsed and were skipped");
            return ExitStatus.FAILED;
        }
        return ExitStatus.OK;
    }

    private static long time(String option, String text, Instant now) throws ToolException {
        try {
            return TimeArgument.parse(text, now, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new ToolException(ExitStatus.USAGE, option + ": " + e.getMessage());
        }
    }

    /** EPIPE: the reader of stdout went away (| head); not worth a message. */
    private static boolean isBrokenPipe(IOException e) {
        return "Broken pipe".equals(e.getMessage());
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void flushQuietly(LinePrinter printer) {
        try {
            printer.flush();
        } catch (IOException ignored) {
            // The error being reported matters more.
        }
    }
}
