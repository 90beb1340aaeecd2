package io.jconmon.core.container;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.attach.AttachServer;
import io.jconmon.core.attach.ConsoleSocket;
import io.jconmon.core.attach.ControlFifos;
import io.jconmon.core.attach.StdinFd;
import io.jconmon.core.attach.WindowSize;
import io.jconmon.core.config.MonitorConfig;
import io.jconmon.core.logging.LogFanout;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.stdio.RecordSink;
import io.jconmon.core.stdio.ReusableRecord;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.Terminal;
import io.jconmon.spi.LogStream;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Everything an engine uses to talk to a running container besides the logs (conmon-interface.md
 * §3, §4): the attach socket and its clients, the container's stdin, the {@code ctl}/{@code winsz}
 * fifos, and for {@code -t} the console socket through which the runtime hands over the pty.
 * Output chunks reach attach clients through {@link #chunk} after the log drivers saw them.
 */
final class ContainerAttach implements RecordSink, AttachServer.Listener, ControlFifos.Listener,
        ConsoleSocket.Listener {
    private final MonitorConfig config;
    private final EventLoop loop;
    private final Diagnostics diag;
    private final LogFanout fanout;
    private AttachServer server;
    private String socketDirLink;
    private ControlFifos fifos;
    private ConsoleSocket console;
    private StdinFd stdin;
    private int pty = -1;
    private IntConsumer onPty;
    private String consoleFailure;

    ContainerAttach(MonitorConfig config, EventLoop loop, Diagnostics diag, LogFanout fanout) {
        this.config = config;
        this.loop = loop;
        this.diag = diag;
        this.fanout = fanout;
    }

    /**
     * §2.2 step 8: the attach socket and the fifos in the bundle (not for passthrough, not without
     * a bundle), and the console socket for {@code -t}.
     *
     * @param stdinWrite the write end of the container's stdin pipe ({@code -i} without {@code -t}), or -1
     * @param onPty receives the pty master once the runtime handed it over (to read output from)
     */
    void open(int stdinWrite, IntConsumer onPty) throws IOException {
        this.onPty = onPty;
        if (config.bundle() != null && !config.passthrough()) {
            String bundle = config.bundle().toString();
            if (!config.fullAttach() && config.cuuid() != null) {
                socketDirLink = AttachServer.linkSocketDir(config.socketDirPath().toString(), config.cuuid(), bundle);
            }
            server = AttachServer.open(loop, bundle, config.stdin() || config.terminal(), this);
            fifos = ControlFifos.open(loop, bundle, this, diag::warn);
        }
        if (stdinWrite >= 0) {
            stdin = new StdinFd(loop, stdinWrite, true);
            if (server != null) {
                server.setStdin(stdin);
            }
        }
        if (config.terminal()) {
            console = ConsoleSocket.open(loop, this, diag::warn);
        }
    }

    /** The path to pass the runtime as {@code --console-socket}, or null without {@code -t}. */
    String consoleSocketPath() {
        return console == null ? null : console.path();
    }

    /**
     * After the runtime exited: did it hand over the terminal? Returns the failure to report, or
     * null when all is well (or no terminal was asked for).
     */
    String terminalProblem() {
        if (console == null) {
            return null;
        }
        if (!console.isDone()) {
            console.poll(); // the handover may be queued behind the runtime's exit
        }
        if (consoleFailure != null) {
            return consoleFailure;
        }
        return pty < 0 ? "Runtime did not set up terminal" : null;
    }

    @Override
    public void onConsole(int ptyFd, String ptyName) {
        pty = ptyFd;
        // First thing: the container's first command may read the window size right away.
        WindowSize size = fifos == null ? null : fifos.lastWindowSize();
        if (size != null) {
            resize(size.rows(), size.cols());
        }
        diag.debug("got the console from the runtime: " + ptyName);
        try {
            stdin = new StdinFd(loop, ptyFd, false);
            if (server != null) {
                server.setStdin(stdin);
            }
        } catch (NativeException e) {
            diag.warn("cannot forward input to the terminal: " + e.getMessage());
        }
        onPty.accept(ptyFd);
    }

    @Override
    public void onFailure(IOException error) {
        consoleFailure = error.getMessage();
    }

    // ---- attach clients ----

    @Override
    public void record(ReusableRecord record) {
        // Attach clients get raw chunks, not records.
    }

    @Override
    public void chunk(LogStream stream, byte[] buf, int start, int end) {
        if (server != null) {
            server.broadcast(stream, buf, start, end);
        }
    }

    @Override
    public void endOfBatch() {
    }

    @Override
    public void onClientInputClosed() {
        // §3.5: the first client to finish its input closes the container's stdin pipe, unless
        // --leave-stdin-open; a terminal is never closed this way.
        if (config.stdin() && !config.leaveStdinOpen() && !config.terminal() && stdin != null) {
            stdin.close();
            stdin = null;
            server.setStdin(null);
        }
    }

    @Override
    public void onWarning(String message) {
        diag.warn(message);
    }

    // ---- ctl / winsz ----

    @Override
    public void resize(int rows, int cols) {
        diag.debug("window size " + rows + "x" + cols + (pty >= 0 ? "" : ", kept until the terminal arrives"));
        if (pty >= 0) {
            try {
                Terminal.setWindowSize(pty, rows, cols);
            } catch (NativeException e) {
                diag.warn("Failed to set window size: " + e.getMessage());
            }
        }
    }

    @Override
    public void reopenLogs() {
        fanout.reopen();
    }

    /** §2.8 step 6: attach clients and the listener go before the exit is announced. */
    void closeConnections() {
        if (server != null) {
            server.closeConnections();
        }
    }

    /** §2.8 step 10 and the rest: the socket file goes; the fifos stay for the engine to remove. */
    void close() {
        if (server != null) {
            server.close();
        }
        if (fifos != null) {
            fifos.close();
        }
        if (console != null) {
            console.close();
        }
        if (stdin != null) {
            stdin.close();
        }
    }

    /** The {@code <socket-dir>/<cuuid>} link, removed after the exit command (§2.8 step 11), or null. */
    String socketDirLink() {
        return socketDirLink;
    }
}
