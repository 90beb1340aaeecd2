import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Variant "picocli": parse the conmon-like argv (passed by run.sh) with an annotated @Command, 36 options. */
public final class PicocliMain {

    @Command(name = "jconmon", mixinStandardHelpOptions = false)
    static final class Opts {
        @Option(names = "--api-version") int apiVersion;
        @Option(names = {"-b", "--bundle"}) String bundle;
        @Option(names = {"-c", "--cid"}) String cid;
        @Option(names = {"-P", "--conmon-pidfile"}) String conmonPidfile;
        @Option(names = {"-p", "--container-pidfile"}) String containerPidfile;
        @Option(names = {"-u", "--cuuid"}) String cuuid;
        @Option(names = {"-e", "--exec"}) boolean exec;
        @Option(names = "--exec-attach") boolean execAttach;
        @Option(names = "--exec-process-spec") String execProcessSpec;
        @Option(names = "--exit-command") String exitCommand;
        @Option(names = "--exit-command-arg") List<String> exitCommandArgs = new ArrayList<>();
        @Option(names = "--exit-delay") int exitDelay;
        @Option(names = "--exit-dir") String exitDir;
        @Option(names = "--full-attach") boolean fullAttach;
        @Option(names = "--leave-stdin-open") boolean leaveStdinOpen;
        @Option(names = "--log-level") String logLevel;
        @Option(names = {"-l", "--log-path"}) List<String> logPaths = new ArrayList<>();
        @Option(names = "--log-size-max") long logSizeMax = -1;
        @Option(names = "--log-global-size-max") long logGlobalSizeMax = -1;
        @Option(names = "--log-tag") String logTag;
        @Option(names = "--log-label") List<String> logLabels = new ArrayList<>();
        @Option(names = {"-n", "--name"}) String name;
        @Option(names = "--no-new-keyring") boolean noNewKeyring;
        @Option(names = "--no-pivot") boolean noPivot;
        @Option(names = "--no-sync-log") boolean noSyncLog;
        @Option(names = "--persist-dir") String persistDir;
        @Option(names = "--replace-listen-pid") boolean replaceListenPid;
        @Option(names = "--restore") String restore;
        @Option(names = {"-r", "--runtime"}) String runtime;
        @Option(names = "--runtime-arg") List<String> runtimeArgs = new ArrayList<>();
        @Option(names = "--runtime-opt") List<String> runtimeOpts = new ArrayList<>();
        @Option(names = "--socket-dir-path") String socketDirPath;
        @Option(names = {"-i", "--stdin"}) boolean stdin;
        @Option(names = "--sync") boolean sync;
        @Option(names = "--syslog") boolean syslog;
        @Option(names = {"-s", "--systemd-cgroup"}) boolean systemdCgroup;
        @Option(names = {"-t", "--terminal"}) boolean terminal;
        @Option(names = {"-T", "--timeout"}) int timeout;
    }

    public static void main(String[] args) throws Exception {
        Opts o = new Opts();
        new CommandLine(o).parseArgs(args);
        Check.expect(o.apiVersion, o.cid, o.cuuid, o.name, o.runtime, o.bundle, o.containerPidfile,
                o.conmonPidfile, o.exitDir, o.persistDir, o.exitCommand, o.logLevel, o.logSizeMax,
                o.fullAttach, o.systemdCgroup, o.syslog, o.terminal,
                o.logPaths.size(), o.runtimeArgs.size(), o.exitCommandArgs.size());
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
