package io.jconmon.core.cli;

import static io.jconmon.core.cli.ConmonOptions.*;

import io.jconmon.core.config.LogLevel;
import io.jconmon.core.config.LogTarget;
import io.jconmon.core.config.MonitorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * conmon's command line: GLib parsing (§1.1), then validation and defaults in exactly conmon's order
 * with its messages (conmon-interface.md §1.3), then the {@code -l} drivers (§5.1).
 *
 * <p>Not done here: opening the k8s-file log (§1.3 step 14 "Failed to open log file"), which the
 * caller does right after, still before the start pipe.
 */
public final class ConmonCli {
    /** The conmon release whose interface jconmon implements; Podman's probe needs ≥ 2.0.1. */
    public static final String CONMON_COMPAT_VERSION = "2.2.1";

    static final String DEFAULT_SOCKET_DIR = "/var/run/crio";
    static final String NO_PARTIAL_MESSAGE_WARNING =
            "--no-container-partial-message has no effect without journald log driver";
    /** journald's CONTAINER_ID is the first 12 characters of the cid (§5.3.2). */
    private static final int SHORT_ID_LENGTH = 12;

    private final GOptionParser parser = ConmonOptions.parser();
    private final String versionText;

    /** @param jconmonVersion jconmon's own version, shown on the {@code commit:} line of {@code --version} */
    public ConmonCli(String jconmonVersion) {
        this(CONMON_COMPAT_VERSION, jconmonVersion);
    }

    /**
     * @param conmonVersion the conmon version to claim (field 3 of the first line must be semver for CRI-O)
     * @param jconmonVersion jconmon's own version
     */
    public ConmonCli(String conmonVersion, String jconmonVersion) {
        this.versionText = "conmon version " + conmonVersion + "\ncommit: jconmon " + jconmonVersion + "\n";
    }

    /** The {@code --help} text. */
    public String helpText() {
        return parser.helpText();
    }

    /** Parses and validates {@code args} (without the program name). */
    public CliResult parse(String[] args, Environment env) throws CliException {
        // Step 1: GLib parse; help is printed from inside the parse, --version right after it.
        ParsedOptions o;
        try {
            o = parser.parse(args);
        } catch (OptionParseException e) {
            throw CliException.optionParsing(e.getMessage());
        }
        if (o.helpRequested()) {
            return new CliResult.Help(parser.helpText());
        }
        if (o.flag(VERSION)) {
            return new CliResult.Version(versionText);
        }

        // Step 2.
        int logMaxFiles = o.integer(LOG_MAX_FILES, 1);
        boolean logRotate = o.flag(LOG_ROTATE);
        if (logMaxFiles < 0) {
            throw CliException.early("log-max-files must be non-negative, got " + logMaxFiles);
        }
        if (logRotate && logMaxFiles == 0) {
            throw CliException.early("log-max-files must be at least 1 when log-rotate is enabled, got 0");
        }

        // Step 3.
        String cid = o.string(CID);
        if (cid == null) {
            throw CliException.early("Container ID not provided. Use --cid");
        }

        // Step 4.
        LogLevel logLevel = parseLogLevel(o.string(LOG_LEVEL));

        // Steps 5-8.
        boolean exec = o.flag(EXEC);
        boolean execAttach = o.flag(EXEC_ATTACH);
        int apiVersion = o.flag(API_VERSION) ? 1 : 0;
        String restore = o.string(RESTORE);
        if (restore != null && exec) {
            throw CliException.fatal("Cannot use 'exec' and 'restore' at the same time");
        }
        if (execAttach && !exec) {
            throw CliException.fatal("Attach can only be specified with exec");
        }
        if (execAttach && apiVersion < 1) {
            throw CliException.fatal("Attach can only be specified for a non-legacy exec session");
        }
        String cuuid = o.string(CUUID);
        boolean legacyExec = exec && apiVersion < 1;
        if (cuuid == null && !legacyExec) {
            throw CliException.fatal("Container UUID not provided. Use --cuuid");
        }

        // Step 9.
        String runtime = o.string(RUNTIME);
        if (runtime == null) {
            throw CliException.fatal("Runtime path not provided. Use --runtime");
        }
        Path runtimePath = Path.of(runtime);
        if (!env.isExecutable(runtimePath)) {
            throw CliException.fatal("Runtime path " + runtime + " is not valid", env.accessError(runtimePath));
        }

        // Step 10.
        String execProcessSpec = o.string(EXEC_PROCESS_SPEC);
        if (exec && execProcessSpec == null) {
            throw CliException.fatal("Exec process spec path not provided. Use --exec-process-spec");
        }

        // Step 11.
        String cwd = env.cwd();
        if (cwd == null) {
            throw CliException.fatal("Failed to get working directory");
        }
        String bundle = o.string(BUNDLE);
        if (bundle == null && !exec) {
            bundle = cwd;
        }

        // Step 12.
        int exitDelay = o.integer(EXIT_DELAY, 0);
        if (exitDelay < 0) {
            throw CliException.fatal("Delay before invoking exit command must be greater than or equal to 0");
        }

        // Step 13.
        String containerPidFile = o.string(CONTAINER_PIDFILE);
        if (containerPidFile == null) {
            containerPidFile = cwd + "/pidfile-" + cid;
        }

        // Steps 14-15.
        String logTag = o.string(LOG_TAG);
        List<String> logLabels = o.strings(LOG_LABEL);
        String pluginsDir = o.string(PLUGINS_DIR);
        List<LogTarget> logTargets = configureLogDrivers(o.strings(LOG_PATH), cid, logTag, logLabels,
                name -> env.hasLogDriver(name, pluginsDir));
        boolean journald = hasDriver(logTargets, LogTarget.JOURNALD);
        boolean noPartialMessage = o.flag(NO_CONTAINER_PARTIAL_MESSAGE);
        List<String> warnings = new ArrayList<>();
        if (noPartialMessage && !journald) {
            warnings.add(NO_PARTIAL_MESSAGE_WARNING);
        }

        MonitorConfig config = new MonitorConfig(
                cid,
                cuuid,
                o.string(NAME),
                runtimePath,
                path(bundle),
                Path.of(containerPidFile),
                path(o.string(CONMON_PIDFILE)),
                path(o.string(EXIT_DIR)),
                path(o.string(PERSIST_DIR)),
                apiVersion,
                exec,
                execAttach,
                path(execProcessSpec),
                o.flag(TERMINAL),
                o.flag(STDIN),
                o.flag(LEAVE_STDIN_OPEN),
                o.flag(SYNC),
                o.strings(RUNTIME_ARG),
                o.strings(RUNTIME_OPT),
                o.flag(SYSTEMD_CGROUP),
                o.flag(NO_PIVOT),
                o.flag(NO_NEW_KEYRING),
                path(restore),
                path(o.string(EXIT_COMMAND)),
                o.strings(EXIT_COMMAND_ARG),
                exitDelay,
                o.integer(TIMEOUT, 0),
                logTargets,
                o.integer64(LOG_SIZE_MAX, -1),
                o.integer64(LOG_GLOBAL_SIZE_MAX, -1),
                logTag,
                logLabels,
                noPartialMessage,
                logRotate,
                logMaxFiles,
                o.strings(LOG_ALLOWLIST_DIR).stream().map(Path::of).toList(),
                o.flag(NO_SYNC_LOG),
                logLevel,
                o.flag(SYSLOG),
                Path.of(o.isSet(SOCKET_DIR_PATH) ? o.string(SOCKET_DIR_PATH) : DEFAULT_SOCKET_DIR),
                o.flag(FULL_ATTACH),
                o.string(SDNOTIFY_SOCKET),
                o.flag(REPLACE_LISTEN_PID));
        return new CliResult.Run(config, o.strings(LOG_OPT), warnings, pluginsDir);
    }

    /** §1.3 step 4 / §2.14: case-insensitive, absent means warn. */
    static LogLevel parseLogLevel(String name) throws CliException {
        if (name == null) {
            return LogLevel.WARN;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "error", "fatal", "panic" -> LogLevel.ERROR;
            case "warn", "warning" -> LogLevel.WARN;
            case "info" -> LogLevel.INFO;
            case "debug" -> LogLevel.DEBUG;
            case "trace" -> LogLevel.TRACE;
            default -> throw CliException.fatal("No such log level " + name);
        };
    }

    /** §1.3 step 14 and §5.1: drivers, then the k8s-file restrictions, then the journald checks. */
    private static List<LogTarget> configureLogDrivers(List<String> specs, String cid, String logTag,
            List<String> logLabels, java.util.function.Predicate<String> installedDriver) throws CliException {
        if (specs.isEmpty()) {
            throw CliException.fatal("Log driver not provided. Use --log-path");
        }
        List<LogTarget> targets = LogPathSyntax.parseAll(specs, installedDriver);
        boolean k8sFile = hasDriver(targets, LogTarget.K8S_FILE);
        boolean journald = hasDriver(targets, LogTarget.JOURNALD);
        if (k8sFile && !journald) {
            if (logTag != null) {
                throw CliException.fatal("k8s-file doesn't support --log-tag");
            }
            if (!logLabels.isEmpty()) {
                throw CliException.fatal("k8s-file doesn't support --log-label");
            }
        }
        if (journald) {
            if (cid.length() <= SHORT_ID_LENGTH) {
                throw CliException.fatal("Container ID must be longer than 12 characters");
            }
            // Labels become journald fields, so they are checked only when journald is on.
            for (String label : logLabels) {
                checkLabel(label);
            }
        }
        return targets;
    }

    private static void checkLabel(String label) throws CliException {
        if (label.startsWith("=")) {
            throw CliException.fatal("Container labels must be in format LABEL=VALUE (no LABEL present in '"
                    + label + "')");
        }
        int eq = label.indexOf('=');
        if (eq < 0 || label.indexOf('=', eq + 1) >= 0) {
            throw CliException.fatal("Container labels must be in format LABEL=VALUE (none or more than one '='"
                    + " present in '" + label + "')");
        }
        for (int i = 0; i < eq; i++) {
            char c = label.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                throw CliException.fatal("Container label names must contain only uppercase letters, numbers and"
                        + " underscore (in '" + label + "')");
            }
        }
    }

    private static boolean hasDriver(List<LogTarget> targets, String driver) {
        return targets.stream().anyMatch(t -> t.driver().equals(driver));
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }
}
