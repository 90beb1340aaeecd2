package io.jconmon.core.attach;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Epoll;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The {@code <bundle>/ctl} and {@code <bundle>/winsz} fifos (conmon-interface.md §4). Engines write
 * {@code "<type> <a> <b>\n"} to ctl: type 1 (resize) is forwarded as {@code "<h> <w>\n"} to winsz,
 * type 2 reopens the logs. winsz is read back and each {@code "<rows> <cols>\n"} becomes a
 * {@link Listener#resize} call.
 *
 * <p>The monitor keeps a write end of each fifo open, so readers never see a hang-up and engines
 * can open ctl for writing without blocking. Unlike conmon, winsz is read even before a pty
 * exists (conmon leaves those messages in the fifo): the last size is remembered
 * ({@link #lastWindowSize()}) so the monitor can apply it when the pty arrives. Garbage is warned
 * about and skipped; after {@link #WARNINGS_IN_A_ROW} warnings without a valid message in between,
 * further ones are counted, not printed, until a valid message arrives. Loop thread only.
 */
public final class ControlFifos implements AutoCloseable {
    public static final String CTL = "ctl";
    public static final String WINSZ = "winsz";
    /** §4.1: mkfifo mode, before the umask. */
    static final int FIFO_MODE = 0660;
    static final int WINDOW_SIZE_MAX = 1000;
    static final int WARNINGS_IN_A_ROW = 20;
    private static final int RESIZE_EVENT = 1;
    private static final int REOPEN_LOGS_EVENT = 2;

    /** What the fifos ask of the monitor; called on the loop thread. */
    public interface Listener {
        /** A window size arrived on winsz: apply TIOCSWINSZ to the pty if there is one. */
        void resize(int rows, int cols);

        /** ctl type 2: reopen the log files (§5.2.7). */
        void reopenLogs();
    }

    private final EventLoop loop;
    private final Listener listener;
    private final Consumer<String> warnings;
    private final String ctlPath;
    private final String winszPath;
    /** Sizes this class wrote to winsz after applying them from ctl, in order. */
    private final java.util.ArrayDeque<WindowSize> ownEchoes = new java.util.ArrayDeque<>();
    private final FifoMessageReader ctlReader;
    private final FifoMessageReader winszReader;
    private int ctlRead = -1;
    private int ctlWrite = -1;
    private int winszRead = -1;
    private int winszWrite = -1;
    private WindowSize lastSize;
    private int warningsInRow;
    private long suppressed;

    private ControlFifos(EventLoop loop, String bundleDir, Listener listener, Consumer<String> warnings) {
        this.loop = loop;
        this.listener = listener;
        this.warnings = warnings;
        this.ctlPath = bundleDir + "/" + CTL;
        this.winszPath = bundleDir + "/" + WINSZ;
        this.ctlReader = new FifoMessageReader(3, this::warn);
        this.winszReader = new FifoMessageReader(2, this::warn);
    }

    /**
     * Creates (or recreates) both fifos in {@code bundleDir}, opens them and starts reading them on
     * {@code loop}. Warnings (the messages of §4.2) go to {@code warnings}.
     */
    public static ControlFifos open(EventLoop loop, String bundleDir, Listener listener, Consumer<String> warnings)
            throws IOException {
        ControlFifos f = new ControlFifos(loop, bundleDir, listener, warnings);
        try {
            f.ctlRead = openFifo(f.ctlPath);
            f.ctlWrite = LibC.open(f.ctlPath, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
            f.winszRead = openFifo(f.winszPath);
            f.winszWrite = LibC.open(f.winszPath, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
            loop.register(f.ctlRead, Epoll.EPOLLIN, events -> f.readCtl());
            loop.register(f.winszRead, Epoll.EPOLLIN, events -> f.readWinsz());
            return f;
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** mkfifo (an existing entry is replaced), then the non-blocking read end. */
    private static int openFifo(String path) throws IOException {
        try {
            LibC.mkfifo(path, FIFO_MODE);
        } catch (NativeException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            Files.delete(Path.of(path));
            LibC.mkfifo(path, FIFO_MODE);
        }
        return LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
    }

    public String ctlPath() {
        return ctlPath;
    }

    public String winszPath() {
        return winszPath;
    }

    /** The last size read from winsz, or null if none yet: apply it when the pty arrives (§4.2). */
    public WindowSize lastWindowSize() {
        return lastSize;
    }

    private void readCtl() {
        ctlReader.readFrom(ctlRead, this::ctlMessage);
    }

    private void readWinsz() {
        winszReader.readFrom(winszRead, this::winszMessage);
    }

    /** §4.2, checks in this order: three integers, a known type, both numbers within 0..1000. */
    private boolean ctlMessage(int[] v, int parsed) {
        if (parsed < 3) {
            warn("Invalid control message format");
            return false;
        }
        int type = v[0];
        if (type != RESIZE_EVENT && type != REOPEN_LOGS_EVENT) {
            warn("Invalid control message type: " + type);
            return false;
        }
        if (!validSize(v[1], v[2])) {
            return false;
        }
        valid();
        if (type == RESIZE_EVENT) {
            // Applied at once as well as passed through winsz like conmon does: Podman starts the
            // container right after sending the size, and its first command may read it.
            lastSize = new WindowSize(v[1], v[2]);
            listener.resize(v[1], v[2]);
            byte[] msg = (v[1] + " " + v[2] + "\n").getBytes(StandardCharsets.US_ASCII);
            long n = LibC.write(winszWrite, msg, 0, msg.length);
            if (n == msg.length) {
                ownEchoes.add(lastSize); // read back from winsz later: already applied
            } else {
                warn("Failed to write to window resizing fifo: "
                        + (n < 0 ? LibC.strerror((int) -n) : "short write"));
            }
        } else {
            listener.reopenLogs();
        }
        return true;
    }

    private boolean winszMessage(int[] v, int parsed) {
        if (parsed < 2) {
            warn("Invalid window size message format");
            return false;
        }
        if (!validSize(v[0], v[1])) {
            return false;
        }
        valid();
        WindowSize size = new WindowSize(v[0], v[1]);
        if (size.equals(ownEchoes.peek())) {
            ownEchoes.poll();
            return true;
        }
        lastSize = size;
        listener.resize(v[0], v[1]);
        return true;
    }

    private boolean validSize(int height, int width) {
        if (height < 0 || height > WINDOW_SIZE_MAX || width < 0 || width > WINDOW_SIZE_MAX) {
            warn("Invalid window size: " + height + "x" + width + " (must be between 0 and " + WINDOW_SIZE_MAX + ")");
            return false;
        }
        return true;
    }

    private void valid() {
        if (suppressed > 0) {
            warnings.accept(suppressed + " further invalid control/winsz messages were not reported");
        }
        warningsInRow = 0;
        suppressed = 0;
    }

    private void warn(String message) {
        if (++warningsInRow <= WARNINGS_IN_A_ROW) {
            warnings.accept(message);
        } else {
            suppressed++;
        }
    }

    /** Stops reading and closes both ends of both fifos; the fifos stay (engines remove them, §4.1). */
    @Override
    public void close() {
        for (int fd : new int[] {ctlRead, winszRead}) {
            loop.unregister(fd);
        }
        LibC.closeQuietly(ctlRead);
        LibC.closeQuietly(ctlWrite);
        LibC.closeQuietly(winszRead);
        LibC.closeQuietly(winszWrite);
        ctlRead = ctlWrite = winszRead = winszWrite = -1;
    }
}
