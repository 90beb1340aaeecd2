package io.jconmon.driver.fluentd;

import io.jconmon.spi.ContainerInfo;
import io.jconmon.spi.LogStream;
import java.util.Base64;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Collects events into one Forward-protocol request. Each event is an Entry
 * {@code [EventTime, record]} whose record is what Docker's fluentd driver sends:
 * <pre>{"container_id": FULL_ID, "container_name": "/NAME", "source": "stdout", "log": LINE}</pre>
 * plus {@code "partial_message": "true"} on a piece of a line longer than {@code max-line}, and the
 * container's {@code --log-label}s.
 *
 * <p>{@link #seal} wraps them in Forward mode {@code [tag, [entry...], option]} or PackedForward
 * mode {@code [tag, bin(entry...), option]}; the option carries {@code size} and, when an ack is
 * required, {@code chunk}: 128 random bits in Base64, which the server echoes in its ack.
 */
final class ChunkBuilder {
    private static final byte[][] SOURCE = new byte[LogStream.values().length][];

    static {
        for (LogStream s : LogStream.values()) {
            SOURCE[s.ordinal()] = new MsgPackWriter(16).str(s.wireName()).toByteArray();
        }
    }

    private final String tag;
    private final boolean packed;
    private final boolean requireAck;
    private final RandomGenerator random;
    /** The fixed fields of every record: container_id, container_name and the labels, encoded once. */
    private final byte[] idAndName;
    private final byte[] labels;
    private final int fixedFields;
    private final MsgPackWriter entries = new MsgPackWriter(8 * 1024);
    private final MsgPackWriter request = new MsgPackWriter(8 * 1024);
    private int count;

    ChunkBuilder(ContainerInfo container, String tag, boolean packed, boolean requireAck, RandomGenerator random) {
        this.tag = tag;
        this.packed = packed;
        this.requireAck = requireAck;
        this.random = random;
        String name = container.name().orElse("");
        this.idAndName = new MsgPackWriter(128).str("container_id").str(container.id())
                .str("container_name").str(name.startsWith("/") || name.isEmpty() ? name : "/" + name).toByteArray();
        MsgPackWriter l = new MsgPackWriter(64);
        for (Map.Entry<String, String> label : container.labels().entrySet()) {
            l.str(label.getKey()).str(label.getValue());
        }
        this.labels = l.toByteArray();
        this.fixedFields = 2 + container.labels().size();
    }

    /** An upper bound of the bytes one event of {@code length} content bytes adds. */
    int entrySize(int length) {
        return length + idAndName.length + labels.length + 64;
    }

    /** The encoded size so far (entries only). */
    int size() {
        return entries.size();
    }

    int count() {
        return count;
    }

    void add(LogStream stream, long timestampNanos, byte[] line, int length, boolean partial) {
        entries.arrayHeader(2).eventTime(timestampNanos);
        entries.mapHeader(fixedFields + 2 + (partial ? 1 : 0));
        entries.raw(idAndName, 0, idAndName.length);
        entries.str("source");
        byte[] source = SOURCE[stream.ordinal()];
        entries.raw(source, 0, source.length);
        entries.str("log").str(line, 0, length);
        entries.raw(labels, 0, labels.length);
        if (partial) {
            entries.str("partial_message").str("true");
        }
        count++;
    }

    /** The request for the events added so far; the builder is empty again afterwards. */
    Chunk seal() {
        request.reset();
        request.arrayHeader(3).str(tag);
        if (packed) {
            request.binHeader(entries.size());
        } else {
            request.arrayHeader(count);
        }
        request.raw(entries.buffer(), 0, entries.size());
        String id = null;
        request.mapHeader(requireAck ? 2 : 1).str("size").uint(count);
        if (requireAck) {
            byte[] unique = new byte[16];
            random.nextBytes(unique);
            id = Base64.getEncoder().encodeToString(unique);
            request.str("chunk").str(id);
        }
        Chunk chunk = new Chunk(request.toByteArray(), id, count);
        entries.reset();
        count = 0;
        return chunk;
    }
}
