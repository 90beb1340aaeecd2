import java.util.ArrayList;
import java.util.List;

/** Variant "handparse": the same argv and option set as PicocliMain, parsed by a switch loop. */
public final class HandParse {
    int apiVersion, exitDelay, timeout;
    long logSizeMax = -1, logGlobalSizeMax = -1;
    String bundle, cid, conmonPidfile, containerPidfile, cuuid, execProcessSpec, exitCommand, exitDir,
            logLevel, logTag, name, persistDir, restore, runtime, socketDirPath;
    boolean exec, execAttach, fullAttach, leaveStdinOpen, noNewKeyring, noPivot, noSyncLog,
            replaceListenPid, stdin, sync, syslog, systemdCgroup, terminal;
    final List<String> exitCommandArgs = new ArrayList<>(), logPaths = new ArrayList<>(),
            logLabels = new ArrayList<>(), runtimeArgs = new ArrayList<>(), runtimeOpts = new ArrayList<>();

    private String[] argv;
    private int i;
    private String inline;   // value given as --opt=value

    private String value() {
        if (inline != null) return inline;
        if (i + 1 >= argv.length) throw new IllegalArgumentException(argv[i]);
        return argv[++i];
    }

    private void flag() {
        if (inline != null) throw new IllegalArgumentException(argv[i]);
    }

    void parse(String[] args) {
        argv = args;
        for (i = 0; i < args.length; i++) {
            String a = args[i], opt = a;
            inline = null;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) { opt = a.substring(0, eq); inline = a.substring(eq + 1); }
            }
            switch (opt) {
                case "--api-version" -> apiVersion = Integer.parseInt(value());
                case "-b", "--bundle" -> bundle = value();
                case "-c", "--cid" -> cid = value();
                case "-P", "--conmon-pidfile" -> conmonPidfile = value();
                case "-p", "--container-pidfile" -> containerPidfile = value();
                case "-u", "--cuuid" -> cuuid = value();
                case "-e", "--exec" -> { flag(); exec = true; }
                case "--exec-attach" -> { flag(); execAttach = true; }
                case "--exec-process-spec" -> execProcessSpec = value();
                case "--exit-command" -> exitCommand = value();
                case "--exit-command-arg" -> exitCommandArgs.add(value());
                case "--exit-delay" -> exitDelay = Integer.parseInt(value());
                case "--exit-dir" -> exitDir = value();
                case "--full-attach" -> { flag(); fullAttach = true; }
                case "--leave-stdin-open" -> { flag(); leaveStdinOpen = true; }
                case "--log-level" -> logLevel = value();
                case "-l", "--log-path" -> logPaths.add(value());
                case "--log-size-max" -> logSizeMax = Long.parseLong(value());
                case "--log-global-size-max" -> logGlobalSizeMax = Long.parseLong(value());
                case "--log-tag" -> logTag = value();
                case "--log-label" -> logLabels.add(value());
                case "-n", "--name" -> name = value();
                case "--no-new-keyring" -> { flag(); noNewKeyring = true; }
                case "--no-pivot" -> { flag(); noPivot = true; }
                case "--no-sync-log" -> { flag(); noSyncLog = true; }
                case "--persist-dir" -> persistDir = value();
                case "--replace-listen-pid" -> { flag(); replaceListenPid = true; }
                case "--restore" -> restore = value();
                case "-r", "--runtime" -> runtime = value();
                case "--runtime-arg" -> runtimeArgs.add(value());
                case "--runtime-opt" -> runtimeOpts.add(value());
                case "--socket-dir-path" -> socketDirPath = value();
                case "-i", "--stdin" -> { flag(); stdin = true; }
                case "--sync" -> { flag(); sync = true; }
                case "--syslog" -> { flag(); syslog = true; }
                case "-s", "--systemd-cgroup" -> { flag(); systemdCgroup = true; }
                case "-t", "--terminal" -> { flag(); terminal = true; }
                case "-T", "--timeout" -> timeout = Integer.parseInt(value());
                default -> throw new IllegalArgumentException(a);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        HandParse o = new HandParse();
        o.parse(args);
        Check.expect(o.apiVersion, o.cid, o.cuuid, o.name, o.runtime, o.bundle, o.containerPidfile,
                o.conmonPidfile, o.exitDir, o.persistDir, o.exitCommand, o.logLevel, o.logSizeMax,
                o.fullAttach, o.systemdCgroup, o.syslog, o.terminal,
                o.logPaths.size(), o.runtimeArgs.size(), o.exitCommandArgs.size());
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
