package io.jconmon.core;

import io.jconmon.core.attach.AttachServer;
import io.jconmon.core.cli.CliException;
import io.jconmon.core.cli.CliResult;
import io.jconmon.core.cli.ConmonCli;
import io.jconmon.core.cli.Environment;
import io.jconmon.core.config.MonitorConfig;
import io.jconmon.core.container.AtomicFile;
import io.jconmon.core.container.ContainerMonitor;
import io.jconmon.core.container.LauncherLink;
import io.jconmon.core.container.ProcessSpawner;
import io.jconmon.core.config.HostConfig;
import io.jconmon.core.config.HostConfigException;
import io.jconmon.core.logging.DriverRegistry;
import io.jconmon.core.logging.LogFanout;
import io.jconmon.core.logging.LogSetup;
import io.jconmon.core.plugins.LoadedPlugin;
import io.jconmon.core.plugins.PluginsDirectory;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.spi.LogDriverException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor's entry point, executed by the native launcher (native-abi/src/launcher.c) in the
 * process that becomes conmon's long-lived P2. Its order mirrors conmon (conmon-interface.md §1.3,
 * §2.1-§2.3): validate the command line, open the logs, write the pidfile, detach from the engine's
 * stdio, tell the launcher "ready" (so P1 exits 0), monitor the container, run the exit command.
 *
 * <p>Only this class calls {@link System#exit}.
 */
public final class Main {
    private static final int HIGH_FD = 100; // where passthrough keeps the engine's stdio

    private Main() {}

    public static void main(String[] args) {
        NativeWarmUp.start();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        StartupTrace.mark("main");
        // The image's jvm.args carries the versions (dist/src/write-jvm-args.sh): no resource to read.
        ConmonCli cli = new ConmonCli(System.getProperty("jconmon.conmonVersion", ConmonCli.CONMON_COMPAT_VERSION),
                System.getProperty("jconmon.version", "unknown"));
        // The host config file is read first (it may name the plugin directory); a broken one fails
        // the container below, with its message, but not --help.
        HostConfig hostConfig = HostConfig.NONE;
        HostConfigException hostConfigError = null;
        try {
            hostConfig = HostConfig.load(System.getenv());
        } catch (HostConfigException e) {
            hostConfigError = e;
        }
        // The drivers installed decide which "-l name:arg" exist: the built-ins, then plugins.d
        // (looked at only for a name that is not built in, once --plugins-dir is known).
        DriverRegistry builtIns = DriverRegistry.load(Main.class.getClassLoader());
        Path hostPluginsDir = hostConfig.pluginsDir();
        Environment host = new Environment() {
            @Override
            public String cwd() {
                return Environment.system().cwd();
            }

            @Override
            public boolean isExecutable(java.nio.file.Path path) {
                return Environment.system().isExecutable(path);
            }

            @Override
            public String accessError(java.nio.file.Path path) {
                return Environment.system().accessError(path);
            }

            @Override
            public boolean hasLogDriver(String name, String pluginsDir) {
                return builtIns.withPluginsDir(PluginsDirectory.resolve(pluginsDir, hostPluginsDir)).isInstalled(name);
            }
        };
        CliResult parsed;
        try {
            parsed = cli.parse(args, host);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitStatus();
        }
        StartupTrace.mark("command line parsed");
        return switch (parsed) {
            case CliResult.Version v -> print(out, v.text());
            case CliResult.Help h -> print(out, h.text());
            case CliResult.Run r -> monitor(r, hostConfig, hostConfigError,
                    builtIns.withPluginsDir(PluginsDirectory.resolve(r.pluginsDir(), hostPluginsDir)), err);
        };
    }

    private static int monitor(CliResult.Run run, HostConfig host, HostConfigException hostError,
                               DriverRegistry registry, PrintStream err) {
        MonitorConfig config = run.config();
        Diagnostics diag = new Diagnostics(config.logLevel(), config.syslog(), config.cid(), config.logTag(), err);
        run.warnings().forEach(diag::warn);
        // Broken plugins met while looking up the selected drivers; the ones selected fail below.
        registry.pluginProblems().forEach(diag::warn);
        LauncherLink launcher = LauncherLink.fromSystemProperties();

        // §1.3 step 14: the logs are opened before the engine lets go, so a bad path fails synchronously.
        LogFanout fanout;
        try {
            if (hostError != null) {
                throw hostError;
            }
            fanout = LogSetup.open(config, host, run.logOpts(), registry, diag);
        } catch (HostConfigException | LogDriverException | RuntimeException e) {
            diag.error(e.getMessage());
            return 1;
        }
        StartupTrace.mark("log drivers open");
        String oldOomScoreAdj = OomScoreAdj.protectSelf(diag);

        int[] passthroughStdio = null;
        try {
            if (!config.sync() && config.conmonPidFile() != null) {
                // §2.1 step 7: P1 writes P2's pid; the JVM is P2, so it writes its own.
                AtomicFile.write(config.conmonPidFile(), Long.toString(ProcessHandle.current().pid()));
            }
            // conmon's P1 exits as soon as P2 is forked, before P2 lets go of the engine's stdio;
            // telling the launcher first keeps the native layer off the engine's wait.
            launcher.ready();
            StartupTrace.mark("launcher told ready");
            if (config.passthrough()) {
                passthroughStdio = keepEngineStdio();
            }
            detachStdio();
            launcher.closeStatusPipe();
            StartupTrace.mark("stdio detached");
        } catch (IOException e) {
            diag.error("Failed to start the monitor: " + e.getMessage());
            fanout.close();
            return 1;
        }

        ProcessSpawner spawner = new ProcessSpawner(launcher.execShim(), (int) ProcessHandle.current().pid(),
                oldOomScoreAdj);
        ContainerMonitor.Outcome outcome =
                new ContainerMonitor(config, fanout, diag, launcher, spawner, passthroughStdio).run();
        int status = outcome.exitStatus();
        StartupTrace.flush();
        reportPluginThreads(registry, diag);
        boolean exitCommandFailed = false;
        if (outcome.runtimeStarted() && config.exitCommand() != null) {
            int exitCommandStatus = runExitCommand(config, spawner, diag);
            if (exitCommandStatus != 0) {
                exitCommandFailed = true;
                status = exitCommandStatus;
            }
        }
        // §2.8 step 11: conmon's atexit removes the socket-dir link, unless the exit command failed.
        if (outcome.socketDirLink() != null && !exitCommandFailed) {
            AttachServer.unlinkSocketDir(outcome.socketDirLink());
        }
        diag.close();
        // --sync: conmon's exit status is the container's; -1 (timeout) becomes 255 (§2.3).
        return status & 0xff;
    }

    /**
     * §2.13: the exit command runs once the container is gone, and the monitor waits for it and for
     * every other child; a failing exit command's status becomes the monitor's.
     *
     * @return the exit command's status (0 when it could not even be started: that is reported)
     */
    private static int runExitCommand(MonitorConfig config, ProcessSpawner spawner, Diagnostics diag) {
        List<String> argv = new ArrayList<>();
        argv.add(config.exitCommand().toString());
        argv.addAll(config.exitCommandArgs());
        try {
            // Orphans of the exit command must not be re-parented to a monitor that is about to go.
            LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 0);
            int pid = spawner.spawnExitCommand(argv, config.exitDelaySeconds());
            int exitCommandStatus = 0;
            while (true) {
                long r = LibC.waitpid(-1, 0);
                if (r == -Errno.EINTR) {
                    continue;
                }
                if (r < 0) {
                    break; // ECHILD: everyone is gone
                }
                if ((int) r == pid) {
                    exitCommandStatus = LibC.exitStatusOf((int) (r >>> 32));
                }
            }
            if (exitCommandStatus != 0) {
                diag.warn("exit command exited with status " + exitCommandStatus);
            }
            return exitCommandStatus;
        } catch (NativeException e) {
            diag.error("Failed to run the exit command " + argv.get(0) + ": " + e.getMessage());
            return 0;
        }
    }

    // Threads a plugin started and did not stop once its drivers were closed: a leak worth knowing of
    // (they die with the monitor, which exits through System.exit).
    private static void reportPluginThreads(DriverRegistry registry, Diagnostics diag) {
        for (LoadedPlugin p : registry.loadedPlugins()) {
            List<String> live = p.threads() == null ? List.of() : p.threads().liveThreadNames();
            if (!live.isEmpty()) {
                diag.warn("plugin " + p.folder().dir() + " left " + live.size() + " thread(s) running after its drivers"
                        + " closed: " + String.join(", ", live));
            }
        }
    }

    // The engine's stdio, kept for the passthrough driver (§5.4) before the monitor's own goes to /dev/null.
    private static int[] keepEngineStdio() throws NativeException {
        int[] kept = new int[3];
        for (int fd = 0; fd < 3; fd++) {
            kept[fd] = LibC.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, HIGH_FD);
        }
        return kept;
    }

    // §2.2 step 4: the monitor's stdio on /dev/null, so `podman run -d` (which reads our stdout to EOF) returns.
    private static void detachStdio() throws NativeException {
        System.out.flush();
        System.err.flush();
        int devNull = LibC.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        for (int fd = 0; fd < 3; fd++) {
            LibC.dup3(devNull, fd, 0);
        }
        LibC.closeQuietly(devNull);
    }

    // --version and --help end here: the launcher is told "ok" so that it exits 0 as conmon does.
    private static int print(PrintStream out, String text) {
        out.print(text);
        out.flush();
        try {
            LauncherLink.fromSystemProperties().ready();
        } catch (IOException e) {
            return 1;
        }
        return 0;
    }
}
