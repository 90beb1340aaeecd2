package io.jconmon.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the monitor was asked to do, validated (conmon-interface.md §1.2, §1.3).
 * Paths are as given (not resolved). Optional values are null when absent.
 *
 * @param cid container id ({@code -c}), required
 * @param cuuid container or exec-session UUID ({@code -u}); null only for legacy exec
 * @param name container name ({@code -n}) or null
 * @param runtime OCI runtime binary ({@code -r})
 * @param bundle bundle dir ({@code -b}); defaults to the working directory unless exec; null for exec without -b
 * @param containerPidFile {@code -p}; defaults to {@code <cwd>/pidfile-<cid>}
 * @param conmonPidFile {@code -P} or null
 * @param exitDir {@code --exit-dir} or null
 * @param persistDir {@code --persist-dir/-0} or null
 * @param apiVersion 1 with {@code --api-version}, else 0
 * @param exec {@code -e}
 * @param execAttach {@code --exec-attach}
 * @param execProcessSpec {@code --exec-process-spec} or null (required with exec)
 * @param terminal {@code -t}
 * @param stdin {@code -i}
 * @param leaveStdinOpen {@code --leave-stdin-open}
 * @param sync {@code --sync}: do not daemonize; exit with the container's status
 * @param runtimeArgs {@code --runtime-arg}s, in order (before the subcommand)
 * @param runtimeOpts {@code --runtime-opt}s and {@code --restore-arg}s, in order (after the subcommand's args)
 * @param systemdCgroup {@code -s}
 * @param noPivot {@code --no-pivot}
 * @param noNewKeyring {@code --no-new-keyring}
 * @param restore {@code --restore} checkpoint path or null
 * @param exitCommand {@code --exit-command} or null
 * @param exitCommandArgs {@code --exit-command-arg}s, in order
 * @param exitDelaySeconds {@code --exit-delay}, &gt;= 0
 * @param timeoutSeconds {@code -T/--timeout}; 0 = none
 * @param logTargets {@code -l} values after §5.1 parsing, in order; never empty
 * @param logSizeMax {@code --log-size-max}; &lt;= 0 = unlimited
 * @param logGlobalSizeMax {@code --log-global-size-max}; &lt;= 0 = unlimited
 * @param logTag {@code --log-tag} or null
 * @param logLabels {@code --log-label KEY=VALUE}s, validated, in order
 * @param noContainerPartialMessage {@code --no-container-partial-message}
 * @param logRotate {@code --log-rotate}
 * @param logMaxFiles {@code --log-max-files} (default 1)
 * @param logAllowlistDirs {@code --log-allowlist-dir}s
 * @param noSyncLog {@code --no-sync-log}
 * @param logLevel {@code --log-level} (default WARN)
 * @param syslog {@code --syslog}
 * @param socketDirPath {@code --socket-dir-path} (default /var/run/crio)
 * @param fullAttach {@code --full-attach}
 * @param sdnotifySocket {@code --sdnotify-socket} or null
 * @param replaceListenPid {@code --replace-listen-pid}
 */
public record MonitorConfig(
        String cid,
        String cuuid,
        String name,
        Path runtime,
        Path bundle,
        Path containerPidFile,
        Path conmonPidFile,
        Path exitDir,
        Path persistDir,
        int apiVersion,
        boolean exec,
        boolean execAttach,
        Path execProcessSpec,
        boolean terminal,
        boolean stdin,
        boolean leaveStdinOpen,
        boolean sync,
        List<String> runtimeArgs,
        List<String> runtimeOpts,
        boolean systemdCgroup,
        boolean noPivot,
        boolean noNewKeyring,
        Path restore,
        Path exitCommand,
        List<String> exitCommandArgs,
        int exitDelaySeconds,
        int timeoutSeconds,
        List<LogTarget> logTargets,
        long logSizeMax,
        long logGlobalSizeMax,
        String logTag,
        List<String> logLabels,
        boolean noContainerPartialMessage,
        boolean logRotate,
        int logMaxFiles,
        List<Path> logAllowlistDirs,
        boolean noSyncLog,
        LogLevel logLevel,
        boolean syslog,
        Path socketDirPath,
        boolean fullAttach,
        String sdnotifySocket,
        boolean replaceListenPid) {

    /** The sync-pipe JSON key: {@code data} with API 1, else {@code exit_code} for exec, else {@code pid} (§2.9). */
    public String syncPipeKey() {
        if (apiVersion >= 1) {
            return "data";
        }
        return exec ? "exit_code" : "pid";
    }

    /** True when some {@code -l} selects the passthrough driver (§5.4). */
    public boolean passthrough() {
        return logTargets.stream().anyMatch(t -> t.driver().equals(LogTarget.PASSTHROUGH));
    }
}
