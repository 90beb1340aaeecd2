package io.jconmon.driver.syslog;

import java.time.Duration;

/**
 * Carries messages to the receiver. Every call returns promptly: nothing here waits on the network,
 * except {@link #close}, which waits at most its timeout.
 */
interface SyslogTransport {

    /** How many bytes of messages can be handed over now without any being lost. */
    int room();

    /** True while a connection is up (always true for datagram transports). */
    boolean isConnected();

    /**
     * Hands one message over.
     *
     * @return false when the message is lost (a datagram the receiver did not take)
     */
    boolean send(byte[] message, int length);

    /** Pushes queued bytes on and reconnects when a retry is due. */
    void pump();

    /**
     * Pushes what is queued for at most {@code timeout}, then releases everything.
     *
     * @return how many queued messages were lost
     */
    int close(Duration timeout);
}
