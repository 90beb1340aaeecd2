package io.jconmon.core.container;

import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import java.nio.charset.StandardCharsets;

/**
 * The engine's sync pipe ({@code _OCI_SYNCPIPE}, conmon-interface.md §2.9): one JSON line per
 * message, written with one write, byte for byte as conmon writes it:
 * {@code {"KEY": N}\n} or {@code {"KEY": N, "message": "TEXT"}\n}.
 */
public final class SyncPipe {
    private final String key;
    private int fd;

    /**
     * @param fd the pipe's fd, or -1 when the engine passed none
     * @param key {@code data}, {@code pid} or {@code exit_code} (MonitorConfig#syncPipeKey)
     */
    public SyncPipe(int fd, String key) {
        this.fd = fd;
        this.key = key;
    }

    public int fd() {
        return fd;
    }

    /** Sends {@code {"KEY": value}}. */
    public void send(int value) throws NativeException {
        send(value, null);
    }

    /**
     * Sends {@code {"KEY": value, "message": "..."}} ({@code message} omitted when null or empty).
     * When the engine already closed its end (EPIPE) the pipe is closed quietly, as conmon does.
     */
    public void send(int value, String message) throws NativeException {
        if (fd < 0) {
            return;
        }
        byte[] line = format(key, value, message);
        try {
            LibC.writeFully(fd, line, 0, line.length);
        } catch (NativeException e) {
            if (e.errno() == Errno.EPIPE || e.errno() == Errno.ECONNREFUSED) {
                close();
                return;
            }
            throw e;
        }
    }

    /** The exact bytes of one message. */
    static byte[] format(String key, int value, String message) {
        StringBuilder sb = new StringBuilder(64);
        sb.append("{\"").append(key).append("\": ").append(value);
        byte[] msg = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        if (msg.length > 0) {
            sb.append(", \"message\": \"");
            byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
            byte[] escaped = JsonEscape.escape(msg);
            byte[] tail = "\"}\n".getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[head.length + escaped.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(escaped, 0, out, head.length, escaped.length);
            System.arraycopy(tail, 0, out, head.length + escaped.length, tail.length);
            return out;
        }
        sb.append("}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public void close() {
        LibC.closeQuietly(fd);
        fd = -1;
    }
}
