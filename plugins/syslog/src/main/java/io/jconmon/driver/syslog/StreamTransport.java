package io.jconmon.driver.syslog;

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

/**
 * Messages over a stream socket (TCP, RFC 6587; or an AF_UNIX stream socket), framed, through a
 * bounded queue and a non-blocking channel, so a write never waits on the receiver.
 *
 * <p>When the connection breaks (reset, closed by the receiver, or a connect that does not
 * complete in {@link #CONNECT_TIMEOUT_NANOS}) the queue is kept and the connection is retried with
 * a back-off from 100 ms up to 5 s, on the next write or flush. Bytes the kernel had already taken
 * when the break was noticed are lost (TCP does not say which); the frame that was half written is
 * sent again whole.
 */
final class StreamTransport implements SyslogTransport {
    private static final long CONNECT_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long FIRST_RETRY_NANOS = 100_000_000L;
    private static final long MAX_RETRY_NANOS = 5_000_000_000L;

    private final SocketAddress target;
    private final String address;
    private final OutageWarnings warnings;
    private final OutgoingFrames queue;
    private final ByteBuffer scratch = ByteBuffer.allocate(512);
    private SocketChannel channel;
    private boolean connecting;
    private long connectStarted;
    private long nextAttempt;
    private long retryDelay = FIRST_RETRY_NANOS;
    private String lastError = "";
    private boolean warned;
    private boolean opening;

    StreamTransport(SocketAddress target, String address, Framing framing, int bufferSize, DriverContext context) {
        this.target = target;
        this.address = address;
        this.warnings = new OutageWarnings(context.logger());
        this.queue = new OutgoingFrames(framing, bufferSize);
    }

    /** The first connection, made while the driver opens: a receiver that is not there fails the open. */
    void connectNow(Duration timeout) throws LogDriverException {
        long deadline = System.nanoTime() + timeout.toNanos();
        opening = true; // a failure here is the open's error, not an outage to warn about
        startConnect();
        while (channel != null && connecting && System.nanoTime() - deadline < 0) {
            finishConnect();
            if (connecting) {
                sleepBriefly();
            }
        }
        if (channel == null || connecting) {
            disconnect("no connection within " + timeout.toMillis() + " ms");
            throw new LogDriverException("syslog: cannot connect to " + address + ": " + lastError);
        }
        opening = false;
    }

    @Override
    public int room() {
        return queue.room();
    }

    @Override
    public boolean isConnected() {
        return channel != null && !connecting;
    }

    @Override
    public boolean send(byte[] message, int length) {
        queue.add(message, length);
        pump();
        return true;
    }

    @Override
    public void pump() {
        if (channel == null) {
            if (System.nanoTime() - nextAttempt < 0) {
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
            // A receiver never sends anything: a read that sees end-of-stream means it closed.
            scratch.clear();
            if (channel.read(scratch) < 0) {
                disconnect("closed by the receiver");
                return;
            }
            queue.writeTo(channel);
        } catch (IOException e) {
            disconnect(e.toString());
        }
    }

    private void startConnect() {
        try {
            channel = SocketChannel.open(target instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX : protocolFamily());
            channel.configureBlocking(false);
            connecting = !channel.connect(target);
            connectStarted = System.nanoTime();
            if (!connecting) {
                connected();
            }
        } catch (IOException e) {
            disconnect(e.toString());
        }
    }

    private ProtocolFamily protocolFamily() {
        return ((InetSocketAddress) target).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                connecting = false;
                connected();
            } else if (System.nanoTime() - connectStarted > CONNECT_TIMEOUT_NANOS) {
                disconnect("connect timed out");
            }
        } catch (IOException e) {
            disconnect(e.toString());
        }
    }

    private void connected() {
        retryDelay = FIRST_RETRY_NANOS;
        if (warned) {
            warned = false;
            warnings.info("syslog: connected to " + address + " again");
        }
    }

    private void disconnect(String why) {
        lastError = why;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already broken
            }
            channel = null;
        }
        connecting = false;
        queue.rewindPartialFrame();
        nextAttempt = System.nanoTime() + retryDelay;
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_NANOS);
        if (!warned && !opening) {
            warned = true; // once per outage, and at most every ten seconds
            warnings.warn("syslog: lost " + address + " (" + why + "); messages are queued and sent when it is back, then dropped and counted when the queue is full");
        }
    }

    @Override
    public int close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() - deadline < 0) {
            if (channel == null) {
                nextAttempt = Math.min(nextAttempt, System.nanoTime()); // try at once while closing
            }
            pump();
            if (!queue.isEmpty()) {
                sleepBriefly();
            }
        }
        int lost = queue.frames();
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
