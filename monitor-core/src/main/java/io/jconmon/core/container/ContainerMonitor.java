package io.jconmon.core.container;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.StartupTrace;
import io.jconmon.core.config.MonitorConfig;
import io.jconmon.core.logging.LogFanout;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.stdio.OutputReader;
import io.jconmon.core.stdio.OutputSplitter;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.spi.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * One container's life after the monitor detached from the engine (conmon-interface.md §2.2 -
 * §2.12): spawn the runtime, report the container pid, carry its output to the log drivers,
 * forward signals, notice its exit, and write the exit files in conmon's order (§2.8).
 *
 * <p>Every failure reaches the engine: before the pid is reported, as a sync-pipe
 * {@code {"data": -1, "message": ...}}; afterwards through the diagnostics (syslog).
 */
public final class ContainerMonitor {
    private static final int STDERR_MESSAGE_MAX = 8191; // what conmon reads of a failed runtime's stderr

    private final MonitorConfig config;
    private final LogFanout fanout;
    private static final long DRAIN_BACKLOG_NANOS = 5_000_000_000L;
    private final Diagnostics diag;
    private final LauncherLink launcher;
    private final ProcessSpawner spawner;
    private final int[] passthroughStdio;
    private final ChildReaper reaper = new ChildReaper();

    private EventLoop loop;
    private SyncPipe sync;
    private int signalFd = -1;
    private int runtimePid = -1;
    private int containerPid = -1;
    private Integer containerStatus;
    private boolean timedOut;
    private boolean pidReported;
    private OutputReader stdoutReader;
    private OutputReader stderrReader;
    private ContainerAttach attach;
    private OomWatcher oom;
    private NotifyProxy notifyProxy;
    private int pty = -1;

    /**
     * @param passthroughStdio the engine's original stdin/stdout/stderr, kept for the passthrough
     *     driver (§5.4), or null
     */
    public ContainerMonitor(MonitorConfig config, LogFanout fanout, Diagnostics diag, LauncherLink launcher,
                            ProcessSpawner spawner, int[] passthroughStdio) {
        this.config = config;
        this.fanout = fanout;
        this.diag = diag;
        this.launcher = launcher;
        this.spawner = spawner;
        this.passthroughStdio = passthroughStdio;
    }

    /**
     * The outcome: the container's exit status, whether the runtime was started at all, and the
     * {@code <socket-dir>/<cuuid>} link to remove after the exit command (or null).
     */
    public record Outcome(int exitStatus, boolean runtimeStarted, String socketDirLink) {}

    /** Runs the container to its end. Never throws: failures become a status and a message. */
    public Outcome run() {
        try {
            return monitor();
        } catch (MonitorFailure f) {
            fail(f.getMessage());
            return new Outcome(1, runtimePid > 0, socketDirLink());
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException ? e.getMessage() : "internal error: " + e);
            return new Outcome(1, runtimePid > 0, socketDirLink());
        } finally {
            if (attach != null) {
                attach.close();
            }
            if (oom != null) {
                oom.close();
            }
            if (notifyProxy != null) {
                notifyProxy.close();
            }
            if (loop != null) {
                loop.close();
            }
            LibC.closeQuietly(signalFd);
        }
    }

    private Outcome monitor() throws IOException, MonitorFailure {
        sync = new SyncPipe(envFd("_OCI_SYNCPIPE"), config.syncPipeKey());
        int attachPipe = -1;
        if (config.execAttach()) {
            attachPipe = envFd("_OCI_ATTACHPIPE");
            if (attachPipe < 0) {
                throw new MonitorFailure("--attach specified but _OCI_ATTACHPIPE was not");
            }
        }
        int startPipe = envFd("_OCI_STARTPIPE");
        if (startPipe >= 0 && !config.execAttach()) {
            LibC.closeQuietly(startPipe); // read once by the launcher; only exec-attach reads again
            startPipe = -1;
        }
        try {
            LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1);
        } catch (NativeException e) {
            throw new MonitorFailure("Failed to set as subreaper " + e.reason());
        }
        loop = new EventLoop(diag::error);
        if (config.sdnotifySocket() != null && config.bundle() != null) {
            // §2.17: set up right after detaching, before the runtime can notify.
            notifyProxy = new NotifyProxy(config.sdnotifySocket(), diag);
            notifyProxy.open(config.bundle(), loop);
        }
        signalFd = Epoll.signalfd(LibC.SIGCHLD, LibC.SIGTERM, LibC.SIGINT, LibC.SIGQUIT, LibC.SIGUSR1);
        loop.register(signalFd, Epoll.EPOLLIN, this::onSignal);

        // §2.2 step 6: stdio plumbing. All of the monitor's ends are close-on-exec.
        int[] stdio = {-1, -1, -1};
        int stdinWrite = -1;
        int stdoutRead = -1;
        int stderrRead = -1;
        int devNull = LibC.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (config.passthrough()) {
            stdio = passthroughStdio.clone();
        } else {
            if (config.stdin() && !config.terminal()) {
                int[] p = LibC.pipe2(LibC.O_CLOEXEC);
                stdio[0] = p[0];
                stdinWrite = p[1];
                LibC.setNonBlocking(stdinWrite, true);
            } else {
                stdio[0] = devNull;
            }
            // The container writes blocking; only the monitor's read ends are non-blocking.
            if (!config.terminal()) {
                int[] p = LibC.pipe2(LibC.O_CLOEXEC);
                stdoutRead = p[0];
                stdio[1] = p[1];
                LibC.setNonBlocking(stdoutRead, true);
            } else {
                stdio[1] = devNull;
            }
            int[] p = LibC.pipe2(LibC.O_CLOEXEC);
            stderrRead = p[0];
            stdio[2] = p[1];
            LibC.setNonBlocking(stderrRead, true);
        }
        // §2.2 step 8: attach socket, ctl/winsz fifos, console socket, before the runtime runs.
        attach = new ContainerAttach(config, loop, diag, fanout);
        attach.open(stdinWrite, fd -> pty = fd);
        fanout.chainTo(attach);

        if (attachPipe >= 0) {
            new SyncPipe(attachPipe, "data").send(0); // §2.10 step 2
            LibC.closeQuietly(attachPipe);
        }

        runtimePid = spawner.spawnRuntime(RuntimeCommand.of(config, attach.consoleSocketPath()), stdio, keptInheritedFds(),
                startPipe, config.replaceListenPid());
        diag.debug("runtime started as pid " + runtimePid);
        StartupTrace.mark("runtime spawned");
        // §2.2 step 13: the container's ends (or, for passthrough, the engine's stdio) are the
        // runtime's now.
        for (int fd : stdio) {
            if (fd != devNull) {
                LibC.closeQuietly(fd);
            }
        }
        LibC.closeQuietly(devNull);
        if (startPipe >= 0) {
            LibC.closeQuietly(startPipe);
        }

        // §2.4: wait for the runtime.
        while (reaper.statusOf(runtimePid) == null) {
            loop.runOnce();
        }
        int runtimeStatus = reaper.statusOf(runtimePid);
        StartupTrace.mark("runtime exited");
        if (runtimeStatus != 0 && !config.exec()) {
            String stderrText = readRuntimeStderr(stderrRead);
            if (!stderrText.isEmpty()) {
                diag.warn("runtime stderr: " + stderrText);
            }
            sync.send(-1, stderrText);
            pidReported = true; // the failure itself was reported
            diag.error("Failed to create container: exit status " + runtimeStatus);
            return new Outcome(1, true, socketDirLink());
        }
        String terminalProblem = attach.terminalProblem();
        if (terminalProblem != null) {
            throw new MonitorFailure(terminalProblem);
        }

        containerPid = readContainerPid(stderrRead);

        // Everything the running container needs is set up before the engine hears the pid: the
        // engine attaches and sends the terminal size right after, and then starts the container,
        // so the monitor must be idle in its loop by then (conmon does this part after the pid,
        // but in microseconds).
        ReusableRecordBuffers buffers = new ReusableRecordBuffers();
        OutputSplitter splitter = new OutputSplitter(buffers.record, fanout);
        if (stdoutRead >= 0) {
            stdoutReader = new OutputReader(stdoutRead, LogStream.STDOUT, buffers.bytes, splitter, false);
            registerReader(stdoutReader);
        } else if (pty >= 0) {
            // §3.7: with a terminal all container output arrives on the pty, as stdout.
            stdoutReader = new OutputReader(pty, LogStream.STDOUT, buffers.bytes, splitter, true);
            registerReader(stdoutReader);
        }
        if (stderrRead >= 0) {
            stderrReader = new OutputReader(stderrRead, LogStream.STDERR, buffers.bytes, splitter, false);
            registerReader(stderrReader);
        }
        fanout.startFlowControl(loop, new ReaderFlowControl());
        if (config.timeoutSeconds() > 0) {
            loop.schedule(config.timeoutSeconds() * 1000L, this::onTimeout);
        }
        oom = new OomWatcher(config.persistDir(), config.bundle(), diag);
        oom.watch(containerPid, loop);
        containerStatus = reaper.statusOf(containerPid); // it may have exited already
        if (containerStatus == null) {
            watchContainer();
        }
        if (!config.exec() || config.apiVersion() >= 1) {
            sync.send(containerPid);
        }
        pidReported = true;
        StartupTrace.mark("pid reported");
        if (!finished()) {
            while (!finished()) {
                loop.runOnce();
            }
        }
        return exitSequence();
    }

    private boolean finished() {
        if (timedOut) {
            return true;
        }
        if (containerStatus == null) {
            return false;
        }
        // §2.7: a non-terminal exec keeps reading until both pipes hit EOF, so no output is lost.
        if (config.exec() && !config.terminal()) {
            return (stdoutReader == null || stdoutReader.atEof()) && (stderrReader == null || stderrReader.atEof());
        }
        return true;
    }

    private Outcome exitSequence() throws IOException {
        // §2.8 step 1: OOM files before anything else, so they exist when the exit file appears.
        loop.pollNow(); // an OOM event may be queued behind the exit
        oom.checkAtExit();
        // §2.8 step 2: drain what the container left in the pipes (not after a timeout).
        if (!timedOut) {
            // A driver that still owes records gets them first (blocking mode), for a few seconds.
            long deadline = System.nanoTime() + DRAIN_BACKLOG_NANOS;
            for (OutputReader r : new OutputReader[] {stdoutReader, stderrReader}) {
                if (r != null) {
                    r.drain(() -> !fanout.hasBacklog() || fanout.awaitBacklog(deadline));
                }
            }
        }
        // Step 3: flush and fsync the logs (the drivers' close does both).
        fanout.close();
        int status;
        if (timedOut) {
            // Step 4: kill the container's process group.
            int pgid = LibC.getpgid(containerPid);
            if (pgid > 1) {
                LibC.kill(-pgid, LibC.SIGKILL);
            } else {
                LibC.kill(containerPid, LibC.SIGKILL);
            }
            status = -1;
        } else {
            status = containerStatus;
        }
        // Step 6: release fds the engine gave us (e.g. port reservations) and the attach clients
        // before announcing the exit.
        attach.closeConnections();
        for (int fd : launcher.inheritedFds()) {
            if (fd != sync.fd()) {
                LibC.closeQuietly(fd);
            }
        }
        // Steps 7-8.
        String link = socketDirLink();
        ExitFiles.write(config, status);
        // Step 9.
        if (config.exec()) {
            if (timedOut) {
                sync.send(-1, "command timed out");
            } else {
                sync.send(status);
            }
        }
        // Step 10: the attach socket goes (the fifos stay; engines remove them).
        attach.close();
        attach = null;
        return new Outcome(status, true, link);
    }

    private String socketDirLink() {
        return attach == null ? null : attach.socketDirLink();
    }

    private void registerReader(OutputReader reader) throws NativeException {
        loop.register(reader.fd(), Epoll.EPOLLIN, events -> {
            // A pty whose slave side is closed reports HUP until a reader reopens it; the read
            // below then fails with EIO, which the reader takes as end of file (§3.7).
            if (!reader.readAvailable()) {
                loop.unregister(reader.fd());
            }
        });
    }

    /** Backpressure from a log driver: stop reading the container's output until it catches up. */
    private final class ReaderFlowControl implements LogFanout.FlowControl {
        @Override
        public void pauseReading() {
            for (OutputReader r : new OutputReader[] {stdoutReader, stderrReader}) {
                if (r != null) {
                    loop.unregister(r.fd());
                }
            }
        }

        @Override
        public void resumeReading() {
            for (OutputReader r : new OutputReader[] {stdoutReader, stderrReader}) {
                if (r != null && !r.atEof()) {
                    try {
                        registerReader(r);
                    } catch (NativeException e) {
                        diag.error("cannot resume reading " + e.getMessage());
                    }
                }
            }
        }
    }

    private void onSignal(int events) throws NativeException {
        byte[] info = new byte[Epoll.SIGINFO_SIZE];
        boolean child = false;
        while (true) {
            long n = LibC.read(signalFd, info, 0, info.length);
            if (n < Epoll.SIGINFO_SIZE) {
                break;
            }
            int signo = (info[0] & 0xff) | (info[1] & 0xff) << 8;
            switch (signo) {
                case LibC.SIGCHLD, LibC.SIGUSR1 -> child = true;
                default -> forward(signo);
            }
        }
        if (child) {
            reaper.reapAll();
            if (containerPid > 0 && containerStatus == null) {
                containerStatus = reaper.statusOf(containerPid);
            }
        }
    }

    // §2.2 step 10: SIGTERM/SIGINT/SIGQUIT go to the container, or to the runtime before it is known.
    private void forward(int signo) {
        int target = containerPid > 0 ? containerPid : runtimePid;
        if (target <= 0) {
            return;
        }
        int err = LibC.kill(target, signo);
        diag.debug("forwarded signal " + signo + " to " + target + (err == 0 ? "" : ": " + LibC.strerror(err)));
        if (err != 0) {
            reaper.reapAll();
        }
    }

    private void onTimeout() {
        if (containerStatus == null) {
            diag.warn("Timed out: killing container " + config.cid());
            timedOut = true;
        }
    }

    /**
     * Waits for the container through a pidfd: readable when the process exits, whoever its parent
     * is. Normally the container is re-parented to the monitor (a child subreaper) and SIGCHLD
     * brings its status; the pidfd also covers a container that never became our child, whose
     * status is then unknown and reported as 0, as conmon does (§2.7).
     */
    private void watchContainer() throws NativeException {
        int pidfd;
        try {
            pidfd = LibC.pidfdOpen(containerPid);
        } catch (NativeException e) {
            if (e.errno() == Errno.ESRCH) {
                containerExitedUnseen();
                return;
            }
            throw e;
        }
        loop.register(pidfd, Epoll.EPOLLIN, events -> {
            loop.unregister(pidfd);
            LibC.closeQuietly(pidfd);
            reaper.reapAll();
            if (containerStatus == null) {
                containerStatus = reaper.statusOf(containerPid);
            }
            if (containerStatus == null) {
                containerExitedUnseen();
            }
        });
    }

    private void containerExitedUnseen() {
        reaper.reapAll();
        containerStatus = reaper.statusOf(containerPid);
        if (containerStatus == null) {
            diag.info("Container process " + containerPid + " exited, but not as a child of the monitor: status unknown");
            containerStatus = 0;
        }
    }

    private int readContainerPid(int stderrRead) throws MonitorFailure {
        String text;
        try {
            text = Files.readString(config.containerPidFile()).trim();
        } catch (IOException e) {
            String stderrText = readRuntimeStderr(stderrRead);
            throw new MonitorFailure(!stderrText.isEmpty() ? stderrText
                    : "Failed to read pidfile: " + config.containerPidFile() + ": " + e.getMessage());
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new MonitorFailure("Failed to read pidfile: invalid pid \"" + text + "\" in " + config.containerPidFile());
        }
    }

    private static String readRuntimeStderr(int fd) {
        if (fd < 0) {
            return "";
        }
        byte[] buf = new byte[STDERR_MESSAGE_MAX];
        long n = LibC.read(fd, buf, 0, buf.length);
        return n > 0 ? new String(buf, 0, (int) n, StandardCharsets.UTF_8) : "";
    }

    private int[] keptInheritedFds() {
        // Inherited fds reach the runtime at the same numbers (--preserve-fds, LISTEN_FDS), except
        // the engine's pipes to the monitor itself.
        String[] own = {"_OCI_SYNCPIPE", "_OCI_STARTPIPE", "_OCI_ATTACHPIPE"};
        return Arrays.stream(launcher.inheritedFds())
                .filter(fd -> Arrays.stream(own).noneMatch(name -> envFd(name) == fd))
                .toArray();
    }

    private void fail(String message) {
        diag.error(message);
        if (sync != null && !pidReported) {
            try {
                sync.send(-1, message);
            } catch (NativeException e) {
                diag.error("could not report to the engine: " + e.getMessage());
            }
        }
    }

    private static int envFd(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A failure that ends the monitor with a message for the engine. */
    static final class MonitorFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MonitorFailure(String message) {
            super(message);
        }
    }

    /** The shared read buffer and the record that points into it. */
    private static final class ReusableRecordBuffers {
        final byte[] bytes = new byte[OutputReader.READ_SIZE];
        final ReusableRecord record = new ReusableRecord(bytes);
    }
}
