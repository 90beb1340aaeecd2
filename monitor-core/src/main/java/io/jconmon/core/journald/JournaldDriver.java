package io.jconmon.core.journald;

import io.jconmon.core.sys.LibC;
import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;
import io.jconmon.spi.WriteResult;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * conmon's journald driver (conmon-interface.md §5.3): each line becomes one journal entry with
 * the fields conmon sets, in its order, sent over journald's native protocol socket.
 *
 * <p>Line assembly as conmon does it (§5.3.3): per stream, up to 8191 bytes of an unterminated line
 * are held back and prefixed to the rest of the line; longer lines go out as partial entries
 * ({@code CONTAINER_PARTIAL_MESSAGE=true}), and what is held at exit goes out partial.
 *
 * <p>Delivery is {@link JournalSocket}'s: entries too large for a datagram go through a sealed
 * memfd; a full journald queue is waited for (conmon blocks there too), but a journald that is
 * gone, or stalled for longer than {@link JournalSocket#STALL_MILLIS}, never stalls the container:
 * what cannot be sent is counted as dropped, reported, and the next entry tries again.
 */
final class JournaldDriver implements LogDriver {
    static final String SOCKET = "/run/systemd/journal/socket";
    private static final int HELD_MAX = 8191;

    private final ContainerInfo container;
    private final DriverContext context;
    private final JournalSocket socket;
    private final boolean partialField;
    private final JournalEntry entry = new JournalEntry();
    private final byte[][] held = {new byte[HELD_MAX], new byte[HELD_MAX]};
    private final int[] heldLength = new int[2];
    private final byte[] line = new byte[HELD_MAX + 64 * 1024 + 1];
    private boolean warned;
    /** Per stream: the last entry sent was partial, so the next one does not start a line. */
    private final boolean[] midLine = new boolean[2];
    private final boolean priorityFromPrefix;

    /**
     * @param priorityFromPrefix conmon 2.2's {@code <D>} prefix handling (§5.3.4): PRIORITY = D and
     *     the prefix cut from MESSAGE. Off by default: Podman 4.3 stops reading a journal at any
     *     PRIORITY but 6 and 3 (§5.3.5); then the prefix stays in MESSAGE, PRIORITY follows the
     *     stream, and D is kept in {@code CONTAINER_PRIORITY} so the journal can still be filtered.
     */
    JournaldDriver(ContainerInfo container, DriverContext context, String socketPath, boolean partialField,
                   boolean priorityFromPrefix) {
        this.container = container;
        this.context = context;
        this.socket = new JournalSocket(socketPath);
        this.partialField = partialField;
        this.priorityFromPrefix = priorityFromPrefix;
    }

    @Override
    public WriteResult write(LogRecord record) {
        int s = record.stream().ordinal();
        ByteBuffer content = record.content();
        int n = record.length();
        if (record.isPartial() && heldLength[s] + n <= HELD_MAX) {
            content.get(held[s], heldLength[s], n);
            heldLength[s] += n;
            return WriteResult.ACCEPTED;
        }
        // The held part, then this record, as one entry; a complete line keeps its newline (§5.3.2).
        System.arraycopy(held[s], 0, line, 0, heldLength[s]);
        int len = heldLength[s];
        content.get(line, len, n);
        len += n;
        heldLength[s] = 0;
        if (!record.isPartial()) {
            line[len++] = '\n';
        }
        return send(record.stream(), line, len, record.isPartial());
    }

    private WriteResult send(LogStream stream, byte[] message, int len, boolean partial) {
        entry.reset();
        int s = stream.ordinal();
        // §5.3.4: "<D>" (D 0-7) at the start of a line names its syslog priority.
        boolean lineStart = !midLine[s];
        midLine[s] = partial;
        boolean prefixed = lineStart && len >= 3 && message[0] == '<' && message[1] >= '0' && message[1] <= '7'
                && message[2] == '>';
        String priority = stream == LogStream.STDERR ? "3" : "6";
        if (prefixed && priorityFromPrefix) {
            entry.field("MESSAGE", message, 3, len - 3);
            priority = String.valueOf((char) message[1]);
        } else {
            entry.field("MESSAGE", message, 0, len);
        }
        entry.field("CONTAINER_ID_FULL", container.id());
        entry.field("PRIORITY", priority);
        if (prefixed && !priorityFromPrefix) {
            entry.field("CONTAINER_PRIORITY", String.valueOf((char) message[1]));
        }
        entry.field("CONTAINER_ID", container.shortId());
        container.tag().ifPresent(t -> entry.field("CONTAINER_TAG", t));
        container.name().ifPresent(n -> entry.field("CONTAINER_NAME", n));
        entry.field("SYSLOG_IDENTIFIER", container.tag().or(container::name).orElse(container.shortId()));
        if (partial && partialField) {
            entry.field("CONTAINER_PARTIAL_MESSAGE", "true");
        }
        for (Map.Entry<String, String> label : container.labels().entrySet()) {
            entry.field(label.getKey(), label.getValue());
        }
        int errno = socket.send(entry.array(), entry.length());
        if (errno == 0) {
            warned = false;
            return WriteResult.ACCEPTED;
        }
        if (!warned) {
            warned = true; // once per outage; the drop counter reports the total
            context.logger().log(System.Logger.Level.WARNING, "cannot send to journald (" + LibC.strerror(errno)
                    + "); entries are dropped and counted until it is back");
        }
        return WriteResult.DROPPED;
    }

    @Override
    public WriteResult flush() {
        return WriteResult.ACCEPTED;
    }

    /** §2.8 step 2: what is still held goes out as partial entries. */
    @Override
    public void close() {
        for (LogStream stream : LogStream.values()) {
            int s = stream.ordinal();
            if (heldLength[s] > 0) {
                int len = heldLength[s];
                heldLength[s] = 0;
                if (send(stream, held[s], len, true) != WriteResult.ACCEPTED) {
                    context.countDropped(stream, 1, len);
                }
            }
        }
        socket.close();
    }
}
