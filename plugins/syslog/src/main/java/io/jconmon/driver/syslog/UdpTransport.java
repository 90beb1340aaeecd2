package io.jconmon.driver.syslog;

import io.jconmon.driver.support.OutageWarnings;
import io.jconmon.spi.DriverContext;
import io.jconmon.spi.LogDriverException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * One datagram per message to a UDP receiver (RFC 5426). UDP has no delivery guarantee: a datagram
 * the kernel does not take, or one refused by the receiver (ICMP port unreachable, reported on a
 * later send), is lost and counted.
 */
final class UdpTransport implements SyslogTransport {
    private final DatagramChannel channel;
    private final String address;
    private final OutageWarnings warnings;

    UdpTransport(InetSocketAddress target, String address, DriverContext context) throws LogDriverException {
        this.address = address;
        this.warnings = new OutageWarnings(context.logger());
        try {
            channel = DatagramChannel.open();
            channel.configureBlocking(false);
            channel.connect(target);
        } catch (IOException e) {
            throw new LogDriverException("syslog: cannot open " + address + ": " + e.getMessage(), e);
        }
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
        try {
            if (channel.write(ByteBuffer.wrap(message, 0, length)) == length) {
                return true;
            }
            warnOnce("the socket buffer is full");
        } catch (IOException e) {
            // PortUnreachableException reports an earlier datagram's ICMP error; the channel stays usable.
            warnOnce(e.toString());
        }
        return false;
    }

    private void warnOnce(String why) {
        warnings.warn("syslog: cannot send to " + address + " (" + why
                + "); messages are dropped and counted until it works again");
    }

    @Override
    public void pump() {}

    @Override
    public int close(Duration timeout) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is queued; nothing is lost
        }
        return 0;
    }
}
