package io.jconmon.driver.syslog;

import io.jconmon.driver.support.OutageWarnings;
import io.jconmon.spi.DriverContext;
import java.time.Duration;

/**
 * One datagram per message to a local AF_UNIX datagram socket ({@code /dev/log}). A receiver that
 * is not keeping up (EAGAIN) or gone (ECONNREFUSED after a restart, ENOENT) costs the message,
 * counted; the socket is connected again, at most every {@link #RETRY_NANOS}, so a restarted
 * receiver gets messages again.
 */
final class UnixDatagramTransport implements SyslogTransport {
    private static final long RETRY_NANOS = 200_000_000L;

    private final String path;
    private final int maxMessage;
    private final OutageWarnings warnings;
    private UnixDatagramSocket socket;
    private long nextAttempt;

    /** @param socket the socket the factory already connected (so open fails on a bad path) */
    UnixDatagramTransport(UnixDatagramSocket socket, String path, int maxMessage, DriverContext context) {
        this.socket = socket;
        this.path = path;
        this.maxMessage = maxMessage;
        this.warnings = new OutageWarnings(context.logger());
    }

    @Override
    public int room() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean send(byte[] message, int length) {
        if (socket == null && !reconnect()) {
            return false;
        }
        int errno = socket.send(message, Math.min(length, maxMessage));
        if (errno == 0) {
            return true;
        }
        warnOnce(UnixDatagramSocket.describe(errno));
        if (errno != UnixDatagramSocket.EAGAIN) {
            // The receiver went away (a restarted rsyslog makes a new socket file): connect anew.
            socket.close();
            socket = null;
            nextAttempt = System.nanoTime() + RETRY_NANOS;
        }
        return false;
    }

    private boolean reconnect() {
        if (System.nanoTime() - nextAttempt < 0) {
            return false;
        }
        try {
            socket = UnixDatagramSocket.connect(path, maxMessage);
            return true;
        } catch (UnixDatagramSocket.ErrnoException e) {
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            warnOnce(e.getMessage());
            return false;
        }
    }

    private void warnOnce(String why) {
        warnings.warn("syslog: cannot send to unix://" + path + " (" + why
                + "); messages are dropped and counted until it works again");
    }

    @Override
    public void pump() {}

    @Override
    public int close(Duration timeout) {
        if (socket != null) {
            socket.close();
            socket = null;
        }
        return 0;
    }
}
