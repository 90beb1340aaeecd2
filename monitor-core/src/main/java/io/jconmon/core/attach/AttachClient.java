package io.jconmon.core.attach;

import java.util.ArrayDeque;

/** One accepted attach connection's state; {@link AttachServer} owns the logic. */
final class AttachClient {
    final int fd;
    /** Our read side: false after the client's EOF/hang-up (we shut it down). */
    boolean inputOpen = true;
    /** Our write side: false after a failed send or a hang-up. */
    boolean outputOpen = true;
    /** Unregistered from the loop: hung up while its input could not be read yet. */
    boolean parked;
    boolean closed;
    /** The epoll events currently asked for; -1 before registration. */
    int interest = -1;

    /** Input read from the client that stdin did not take yet; reading pauses while there is some. */
    byte[] pending;
    int pendingOff;
    int pendingLen;

    /** Frames (stream byte + data) the socket did not take yet, oldest first. */
    final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    int backlogBytes;
    long droppedFrames;
    long droppedBytes;

    AttachClient(int fd) {
        this.fd = fd;
    }

    void keepPending(byte[] buf, int off, int len) {
        if (pending == null || pending.length < len) {
            pending = new byte[Math.max(len, AttachServer.INPUT_MESSAGE_MAX)];
        }
        System.arraycopy(buf, off, pending, 0, len);
        pendingOff = 0;
        pendingLen = len;
    }

    void consumePending(int n) {
        pendingOff += n;
        pendingLen -= n;
    }

    void dropPending() {
        pendingLen = 0;
        pendingOff = 0;
    }

    void dropBacklog() {
        backlog.clear();
        backlogBytes = 0;
    }
}
