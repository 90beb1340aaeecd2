package io.jconmon.core.cli;

import static io.jconmon.core.cli.OptionKind.FLAG;
import static io.jconmon.core.cli.OptionKind.INT;
import static io.jconmon.core.cli.OptionKind.INT64;
import static io.jconmon.core.cli.OptionKind.STRING;
import static io.jconmon.core.cli.OptionKind.STRING_ARRAY;

import java.util.List;

/**
 * conmon's option table (conmon-interface.md §1.2) plus jconmon's own {@code --log-opt} and
 * {@code --plugins-dir}. The constants
 * are the storage keys for {@link ParsedOptions}; aliases store under the key of the option they alias.
 */
public final class ConmonOptions {
    public static final String API_VERSION = "api-version";
    public static final String BUNDLE = "bundle";
    public static final String CID = "cid";
    public static final String CONMON_PIDFILE = "conmon-pidfile";
    public static final String CONTAINER_PIDFILE = "container-pidfile";
    public static final String CUUID = "cuuid";
    public static final String EXEC = "exec";
    public static final String EXEC_ATTACH = "exec-attach";
    public static final String EXEC_PROCESS_SPEC = "exec-process-spec";
    public static final String EXIT_COMMAND = "exit-command";
    public static final String EXIT_COMMAND_ARG = "exit-command-arg";
    public static final String EXIT_DELAY = "exit-delay";
    public static final String EXIT_DIR = "exit-dir";
    public static final String FULL_ATTACH = "full-attach";
    public static final String LEAVE_STDIN_OPEN = "leave-stdin-open";
    public static final String LOG_ALLOWLIST_DIR = "log-allowlist-dir";
    public static final String LOG_GLOBAL_SIZE_MAX = "log-global-size-max";
    public static final String LOG_LABEL = "log-label";
    public static final String LOG_LEVEL = "log-level";
    public static final String LOG_MAX_FILES = "log-max-files";
    public static final String LOG_OPT = "log-opt";
    public static final String LOG_PATH = "log-path";
    public static final String LOG_ROTATE = "log-rotate";
    public static final String LOG_SIZE_MAX = "log-size-max";
    public static final String LOG_TAG = "log-tag";
    public static final String NAME = "name";
    public static final String NO_CONTAINER_PARTIAL_MESSAGE = "no-container-partial-message";
    public static final String NO_NEW_KEYRING = "no-new-keyring";
    public static final String NO_PIVOT = "no-pivot";
    public static final String NO_SYNC_LOG = "no-sync-log";
    public static final String PERSIST_DIR = "persist-dir";
    public static final String PLUGINS_DIR = "plugins-dir";
    public static final String REPLACE_LISTEN_PID = "replace-listen-pid";
    public static final String RESTORE = "restore";
    public static final String RUNTIME = "runtime";
    public static final String RUNTIME_ARG = "runtime-arg";
    public static final String RUNTIME_OPT = "runtime-opt";
    public static final String SDNOTIFY_SOCKET = "sdnotify-socket";
    public static final String SECCOMP_NOTIFY_PLUGINS = "seccomp-notify-plugins";
    public static final String SECCOMP_NOTIFY_SOCKET = "seccomp-notify-socket";
    public static final String SOCKET_DIR_PATH = "socket-dir-path";
    public static final String STDIN = "stdin";
    public static final String SYNC = "sync";
    public static final String SYSLOG = "syslog";
    public static final String SYSTEMD_CGROUP = "systemd-cgroup";
    public static final String TERMINAL = "terminal";
    public static final String TIMEOUT = "timeout";
    public static final String VERSION = "version";

    /** The table, in help order. */
    public static final List<OptionSpec> TABLE = List.of(
            OptionSpec.of(API_VERSION, FLAG, "Speak conmon API version 1 to the engine"),
            OptionSpec.of(BUNDLE, 'b', STRING, "OCI bundle directory (default: the working directory)"),
            OptionSpec.of(CID, 'c', STRING, "Container ID"),
            OptionSpec.of(CONMON_PIDFILE, 'P', STRING, "File to write the pid of the conmon monitor to"),
            OptionSpec.of(CONTAINER_PIDFILE, 'p', STRING, "File in which the runtime stores the container's pid"),
            // Deprecated spelling of --container-pidfile (§1.2): same storage, last one wins.
            OptionSpec.hidden("pidfile", STRING, CONTAINER_PIDFILE),
            OptionSpec.of(CUUID, 'u', STRING, "Container UUID (exec: session ID)"),
            OptionSpec.of(EXEC, 'e', FLAG, "Run a process in a running container (runtime exec)"),
            OptionSpec.of(EXEC_ATTACH, FLAG, "Wait for an attach client before starting the exec process"),
            OptionSpec.of(EXEC_PROCESS_SPEC, STRING, "Process spec (JSON) for --exec"),
            OptionSpec.of(EXIT_COMMAND, STRING, "Program to run once the container has exited"),
            OptionSpec.of(EXIT_COMMAND_ARG, STRING_ARRAY, "Argument for the exit command.  Can be given several times"),
            OptionSpec.of(EXIT_DELAY, INT, "Seconds to wait before running the exit command"),
            OptionSpec.of(EXIT_DIR, STRING, "Directory in which to write the exit status file"),
            OptionSpec.of(FULL_ATTACH, FLAG,
                    "Create the attach socket at its full path in the bundle and ignore --socket-dir-path"),
            OptionSpec.of(LEAVE_STDIN_OPEN, FLAG, "Keep the container's stdin open when an attach client leaves"),
            OptionSpec.of(LOG_LEVEL, STRING, "Level of conmon's own messages: error, warn, info, debug or trace"),
            OptionSpec.of(LOG_PATH, 'l', STRING_ARRAY,
                    "Log file path, or log driver and optional path: k8s-file:PATH (a bare PATH means"
                            + " k8s-file), journald, passthrough or none.  Can be given several times"),
            OptionSpec.of(LOG_SIZE_MAX, INT64, "Maximum size in bytes of the k8s-file log"),
            OptionSpec.of(LOG_GLOBAL_SIZE_MAX, INT64, "Maximum number of bytes written to the k8s-file log in total"),
            OptionSpec.of(LOG_TAG, STRING, "Tag for journald entries and syslog messages"),
            OptionSpec.of(LOG_LABEL, STRING_ARRAY, "Extra journald field KEY=VALUE.  Can be given several times"),
            OptionSpec.of(NO_CONTAINER_PARTIAL_MESSAGE, FLAG,
                    "Leave CONTAINER_PARTIAL_MESSAGE out of partial journald entries"),
            OptionSpec.of(LOG_ROTATE, FLAG, "Rotate the k8s-file log to numbered backups instead of truncating it"),
            OptionSpec.of(LOG_MAX_FILES, INT, "Number of rotated k8s-file backups to keep (default 1)"),
            OptionSpec.of(LOG_ALLOWLIST_DIR, STRING_ARRAY,
                    "Directory in which rotated logs may be created.  Can be given several times"),
            OptionSpec.of(LOG_OPT, STRING_ARRAY, "Log driver option, e.g. k8s-file.max-size=10MB (jconmon)"),
            OptionSpec.of(NAME, 'n', STRING, "Container name"),
            OptionSpec.of(NO_NEW_KEYRING, FLAG, "Pass --no-new-keyring to the runtime"),
            OptionSpec.of(NO_PIVOT, FLAG, "Pass --no-pivot to the runtime"),
            OptionSpec.of(NO_SYNC_LOG, FLAG, "Skip the final fsync of the k8s-file log"),
            OptionSpec.of(PERSIST_DIR, '0', STRING, "Directory for the container's persistent exit and oom files"),
            OptionSpec.of(PLUGINS_DIR, STRING,
                    "Directory of plugin log drivers (default: $JCONMON_PLUGINS_DIR, else plugins.d of the"
                            + " installation) (jconmon)"),
            OptionSpec.of(REPLACE_LISTEN_PID, FLAG, "Always set LISTEN_PID to the runtime's pid"),
            OptionSpec.of(RESTORE, STRING, "Restore the container from this checkpoint image"),
            // Deprecated: appends to the --runtime-opt list, interleaved in argv order (§1.2).
            OptionSpec.hidden("restore-arg", STRING_ARRAY, RUNTIME_OPT),
            OptionSpec.of(RUNTIME, 'r', STRING, "OCI runtime binary"),
            OptionSpec.of(RUNTIME_ARG, STRING_ARRAY,
                    "Runtime argument placed before the subcommand.  Can be given several times"),
            OptionSpec.of(RUNTIME_OPT, STRING_ARRAY,
                    "Runtime option placed after the subcommand.  Can be given several times"),
            OptionSpec.of(SDNOTIFY_SOCKET, STRING, "Host sd-notify socket to relay the container's messages to"),
            OptionSpec.of(SOCKET_DIR_PATH, STRING, "Directory for the attach socket links (default /var/run/crio)"),
            OptionSpec.of(STDIN, 'i', FLAG, "Give the container a stdin pipe"),
            OptionSpec.of(SYNC, FLAG, "Stay in the foreground and exit with the container's status"),
            OptionSpec.of(SYSLOG, FLAG, "Also send conmon's own messages to syslog"),
            OptionSpec.of(SYSTEMD_CGROUP, 's', FLAG, "Pass --systemd-cgroup to the runtime"),
            OptionSpec.of(TERMINAL, 't', FLAG, "Give the container a pseudo-terminal"),
            OptionSpec.of(TIMEOUT, 'T', INT, "Kill the container after this many seconds"),
            OptionSpec.of(VERSION, FLAG, "Print the version and exit"),
            // Present in conmon up to 2.2.1, removed after it (§1.2): accepted and ignored.
            OptionSpec.hidden(SECCOMP_NOTIFY_SOCKET, STRING, SECCOMP_NOTIFY_SOCKET),
            OptionSpec.hidden(SECCOMP_NOTIFY_PLUGINS, STRING, SECCOMP_NOTIFY_PLUGINS));

    private ConmonOptions() {
    }

    /** A parser over {@link #TABLE}, with conmon's usage line {@code conmon [OPTION?] - conmon utility}. */
    public static GOptionParser parser() {
        return new GOptionParser("conmon", "- conmon utility", TABLE);
    }
}
