package io.jconmon.core;

import io.jconmon.core.config.LogLevel;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.UnixSockets;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The monitor's own messages, in conmon's shape (conmon-interface.md §1.3, §2.14): {@code
 * [conmon:e]: ...} on stderr — which the engine reads until the monitor detaches, /dev/null after —
 * and, with {@code --syslog}, to syslog, so that messages after detaching still reach someone.
 */
public final class Diagnostics {
    private static final String DEV_LOG = "/dev/log";
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final LogLevel level;
    private final boolean syslog;
    private final String ident;
    private final PrintStream stderr;
    private int syslogFd = -1;

    /**
     * @param cid the container id; syslog lines carry its first 20 characters (and the tag)
     */
    public Diagnostics(LogLevel level, boolean syslog, String cid, String tag, PrintStream stderr) {
        this.level = level;
        this.syslog = syslog;
        String shortId = cid == null ? "" : cid.substring(0, Math.min(20, cid.length()));
        this.ident = tag == null ? shortId : shortId + ": " + tag;
        this.stderr = stderr;
    }

    /** For messages before the command line is understood: warn level, stderr only. */
    public static Diagnostics early(PrintStream stderr) {
        return new Diagnostics(LogLevel.WARN, false, null, null, stderr);
    }

    public void error(String message) {
        emit(LogLevel.ERROR, "e", message);
    }

    public void warn(String message) {
        emit(LogLevel.WARN, "w", message);
    }

    public void info(String message) {
        emit(LogLevel.INFO, "i", message);
    }

    public void debug(String message) {
        emit(LogLevel.DEBUG, "d", message);
    }

    public void trace(String message) {
        emit(LogLevel.TRACE, "d", message);
    }

    public boolean shows(LogLevel messageLevel) {
        return level.shows(messageLevel);
    }

    // Synchronized: plugins' delivery threads report through here too.
    private synchronized void emit(LogLevel messageLevel, String letter, String message) {
        if (!level.shows(messageLevel)) {
            return;
        }
        stderr.println("[conmon:" + letter + "]: " + message);
        stderr.flush();
        if (syslog) {
            toSyslog(messageLevel == LogLevel.ERROR ? 3 : 6, message);
        }
    }

    // syslog(3) without openlog: facility user (8), ident "conmon"; best effort, never fatal.
    private void toSyslog(int severity, String message) {
        try {
            if (syslogFd < 0) {
                syslogFd = UnixSockets.socket(UnixSockets.SOCK_DGRAM | UnixSockets.SOCK_CLOEXEC);
            }
            String line = "<" + (8 + severity) + ">" + SYSLOG_TIME.format(LocalDateTime.now())
                    + " conmon: conmon " + ident + " : " + message;
            UnixSockets.sendTo(syslogFd, line.getBytes(StandardCharsets.UTF_8), DEV_LOG);
        } catch (NativeException e) {
            // No syslog daemon: stderr already has the message (or nobody is listening at all).
        }
    }

    /** A {@link System.Logger} that drivers use; their messages come out as the monitor's. */
    public System.Logger loggerFor(String driverName) {
        return new System.Logger() {
            @Override
            public String getName() {
                return driverName;
            }

            @Override
            public boolean isLoggable(Level l) {
                return level.shows(map(l));
            }

            @Override
            public void log(Level l, ResourceBundle bundle, String msg, Throwable thrown) {
                String text = "log driver " + driverName + ": " + msg + (thrown == null ? "" : ": " + thrown);
                emit(map(l), letter(map(l)), text);
            }

            @Override
            public void log(Level l, ResourceBundle bundle, String format, Object... params) {
                String msg = params == null || params.length == 0 ? format
                        : java.text.MessageFormat.format(format, params);
                log(l, bundle, msg, (Throwable) null);
            }
        };
    }

    private static LogLevel map(System.Logger.Level l) {
        return switch (l) {
            case ERROR -> LogLevel.ERROR;
            case WARNING -> LogLevel.WARN;
            case INFO -> LogLevel.INFO;
            case DEBUG -> LogLevel.DEBUG;
            case TRACE, ALL -> LogLevel.TRACE;
            case OFF -> LogLevel.ERROR;
        };
    }

    private static String letter(LogLevel l) {
        return switch (l) {
            case ERROR -> "e";
            case WARN -> "w";
            case INFO -> "i";
            default -> "d";
        };
    }

    /** Closes the syslog socket. */
    public synchronized void close() {
        LibC.closeQuietly(syslogFd);
        syslogFd = -1;
    }
}
