package io.jconmon.driver.fluentd;

import io.jconmon.driver.support.OutageWarnings;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriverException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Sends chunks over one connection (TCP or AF_UNIX stream) through a non-blocking channel, so no
 * call waits on the server. Chunks wait in a queue bounded by {@code buffer-size} bytes, which
 * counts both unsent chunks and, with {@code require-ack}, sent chunks not yet acknowledged.
 *
 * <p>With {@code require-ack}, a chunk leaves only when the server's {@code {"ack": id}} names it.
 * An ack that does not come within {@code ack-timeout}, or a broken connection, closes the
 * connection; every unacknowledged chunk is then sent again, in order, on the next one (so the
 * server may see a chunk twice: at-least-once, as the protocol intends). Without it, a chunk
 * leaves once the kernel took all of it; a chunk cut by a broken connection is sent again whole.
 *
 * <p>Reconnecting backs off from 100 ms to 5 s and happens on the driver's next write or flush.
 */
final class ForwardSender {
    private static final long CONNECT_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long FIRST_RETRY_NANOS = 100_000_000L;
    private static final long MAX_RETRY_NANOS = 5_000_000_000L;

    /** A chunk sent and waiting for its ack. */
    private record Sent(Chunk chunk, long sentAt) {}

    private final SocketAddress target;
    private final String address;
    private final boolean requireAck;
    private final long ackTimeoutNanos;
    private final int bufferSize;
    private final OutageWarnings warnings;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
    private final AckReader acks = new AckReader();
    private long queuedBytes;
    private int headOffset;
    private SocketChannel channel;
    private boolean connecting;
    private long connectStarted;
    private long nextAttempt;
    private long retryDelay = FIRST_RETRY_NANOS;
    private boolean warned;
    private boolean opening;

    ForwardSender(SocketAddress target, String address, boolean requireAck, Duration ackTimeout, int bufferSize,
                  DriverContext context) {
        this.target = target;
        this.address = address;
        this.requireAck = requireAck;
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.bufferSize = bufferSize;
        this.warnings = new OutageWarnings(context.logger());
    }

    /** The first connection, made while the driver opens, so a server that is not there fails the open. */
    void connectNow(Duration timeout) throws LogDriverException {
        long deadline = System.nanoTime() + timeout.toNanos();
        opening = true; // a failure here is the open's error, not an outage to warn about
        String why = startConnect();
        while (channel != null && connecting && System.nanoTime() - deadline < 0) {
            why = finishConnect();
            if (connecting) {
                sleepBriefly();
            }
        }
        if (channel == null || connecting) {
            disconnect(why == null ? "no connection within " + timeout.toMillis() + " ms" : why);
            throw new LogDriverException("fluentd: cannot connect to " + address + ": "
                    + (why == null ? "no connection within " + timeout.toMillis() + " ms" : why));
        }
        opening = false;
    }

    /** Bytes that can still be queued. */
    long room() {
        return bufferSize - queuedBytes;
    }

    boolean isConnected() {
        return channel != null && !connecting;
    }

    void enqueue(Chunk chunk) {
        queue.addLast(chunk);
        queuedBytes += chunk.bytes().length;
    }

    /** Chunks not yet delivered (unsent, or sent and not acknowledged). */
    int pendingChunks() {
        return queue.size() + unacked.size();
    }

    /** Reads acks, checks their deadline, writes what the socket takes, reconnects when due. */
    void pump() {
        if (channel == null) {
            if (System.nanoTime() - nextAttempt < 0 || pendingChunks() == 0) {
                return;
            }
            startConnect();
        }
        if (channel != null && connecting) {
            finishConnect();
        }
        if (channel == null || connecting) {
            return;
        }
        try {
            readAcks();
            if (channel == null) {
                return;
            }
            if (!unacked.isEmpty() && System.nanoTime() - unacked.peekFirst().sentAt() > ackTimeoutNanos) {
                disconnect("no ack for chunk " + unacked.peekFirst().chunk().id() + " within "
                        + ackTimeoutNanos / 1_000_000 + " ms");
                return;
            }
            writeQueued();
        } catch (IOException e) {
            disconnect(e.toString());
        }
    }

    private void readAcks() throws IOException {
        while (true) {
            int n = channel.read(acks.buffer());
            if (n < 0) {
                disconnect("closed by the server");
                return;
            }
            if (n == 0) {
                return;
            }
            try {
                for (String id = acks.next(); id != null; id = acks.next()) {
                    acknowledge(id);
                }
            } catch (AckReader.ProtocolException e) {
                disconnect(e.getMessage());
                return;
            }
        }
    }

    private void acknowledge(String id) {
        for (Iterator<Sent> it = unacked.iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.chunk().id().equals(id)) {
                it.remove();
                queuedBytes -= s.chunk().bytes().length;
                retryDelay = FIRST_RETRY_NANOS;
                return;
            }
        }
        // An ack for a chunk already given up on (resent on another connection): nothing to do.
    }

    private void writeQueued() throws IOException {
        while (!queue.isEmpty()) {
            Chunk head = queue.peekFirst();
            int n = channel.write(ByteBuffer.wrap(head.bytes(), headOffset, head.bytes().length - headOffset));
            headOffset += n;
            if (headOffset < head.bytes().length) {
                return; // the socket is full
            }
            queue.removeFirst();
            headOffset = 0;
            if (requireAck) {
                unacked.addLast(new Sent(head, System.nanoTime()));
            } else {
                queuedBytes -= head.bytes().length;
            }
        }
    }

    /** Starts a connection; returns why it failed, or null. */
    private String startConnect() {
        try {
            ProtocolFamily family = target instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                    : ((InetSocketAddress) target).getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            channel = SocketChannel.open(family);
            channel.configureBlocking(false);
            connecting = !channel.connect(target);
            connectStarted = System.nanoTime();
            if (!connecting) {
                connected();
            }
            return null;
        } catch (IOException e) {
            disconnect(e.toString());
            return e.toString();
        }
    }

    private String finishConnect() {
        try {
            if (channel.finishConnect()) {
                connecting = false;
                connected();
            } else if (System.nanoTime() - connectStarted > CONNECT_TIMEOUT_NANOS) {
                disconnect("connect timed out");
                return "connect timed out";
            }
            return null;
        } catch (IOException e) {
            disconnect(e.toString());
            return e.toString();
        }
    }

    private void connected() {
        acks.clear();
        if (!requireAck) {
            retryDelay = FIRST_RETRY_NANOS;
        }
        if (warned) {
            warned = false;
            warnings.info("fluentd: connected to " + address + " again");
        }
    }

    private void disconnect(String why) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already broken
            }
            channel = null;
        }
        connecting = false;
        headOffset = 0;
        // Unacknowledged chunks go first on the next connection, in their order.
        while (!unacked.isEmpty()) {
            queue.addFirst(unacked.removeLast().chunk());
        }
        nextAttempt = System.nanoTime() + retryDelay;
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_NANOS);
        if (!warned && !opening) {
            warned = true; // once per outage, and at most every ten seconds
            warnings.warn("fluentd: lost " + address + " (" + why + "); chunks are kept and sent again when it is back, then dropped and counted when the buffer is full");
        }
    }

    /**
     * Delivers what is pending for at most {@code timeout}, then closes.
     *
     * @return how many records were not delivered (or not acknowledged)
     */
    int close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingChunks() > 0 && System.nanoTime() - deadline < 0) {
            if (channel == null) {
                nextAttempt = Math.min(nextAttempt, System.nanoTime()); // retry at once while closing
            }
            pump();
            if (pendingChunks() > 0) {
                sleepBriefly();
            }
        }
        int lost = 0;
        for (Chunk c : queue) {
            lost += c.records();
        }
        for (Sent s : unacked) {
            lost += s.chunk().records();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do
            }
            channel = null;
        }
        return lost;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
