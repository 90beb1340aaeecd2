package io.jconmon.core.logging;

import io.jconmon.spi.LogRecord;
import io.jconmon.spi.LogStream;

/**
 * A bounded queue of records in one byte array, between the event loop (which puts) and one
 * driver's delivery thread (which takes). Bounded in bytes, like Docker's {@code max-buffer-size}:
 * each record costs its content plus a {@value #HEADER}-byte header. Nothing is allocated per
 * record. A record the host wrote itself (a drop notice) keeps that mark through the ring.
 */
final class RecordRing {
    /** stream (1) + partial (1) + timestamp (8) + length (4). */
    static final int HEADER = 14;

    private final byte[] ring;
    private int head; // next byte to take
    private int used; // bytes in the ring

    RecordRing(int capacityBytes) {
        ring = new byte[capacityBytes];
    }

    /** True if a record of {@code contentLength} bytes could ever fit. */
    boolean canHold(int contentLength) {
        return HEADER + contentLength <= ring.length;
    }

    /** Free space now, in content bytes for one more record (negative: not even a header fits). */
    synchronized int freeContentBytes() {
        return ring.length - used - HEADER;
    }

    /** Appends a copy of {@code r}; false (and nothing changed) if it does not fit now. */
    synchronized boolean offer(LogRecord r) {
        int n = r.content().remaining();
        if (used + HEADER + n > ring.length) {
            return false;
        }
        int tail = (head + used) % ring.length;
        tail = putByte(tail, (byte) r.stream().ordinal());
        int flags = (r.isPartial() ? 1 : 0) | (r instanceof CopiedRecord c && c.isHostNote() ? 2 : 0);
        tail = putByte(tail, (byte) flags);
        tail = putLong(tail, r.timestampNanos());
        tail = putLong4(tail, n);
        int first = Math.min(n, ring.length - tail);
        int pos = r.content().position();
        r.content().get(pos, ring, tail, first);
        r.content().get(pos + first, ring, 0, n - first);
        used += HEADER + n;
        notifyAll();
        return true;
    }

    /**
     * Moves the oldest record into {@code into}, waiting up to {@code waitMillis} for one.
     *
     * @return false if the ring stayed empty
     */
    synchronized boolean take(CopiedRecord into, long waitMillis) throws InterruptedException {
        if (used == 0 && waitMillis > 0) {
            wait(waitMillis);
        }
        if (used == 0) {
            return false;
        }
        LogStream stream = LogStream.values()[ring[head]];
        int flags = ring[(head + 1) % ring.length];
        long ts = 0;
        for (int i = 0; i < 8; i++) {
            ts = ts << 8 | (ring[(head + 2 + i) % ring.length] & 0xff);
        }
        int n = 0;
        for (int i = 0; i < 4; i++) {
            n = n << 8 | (ring[(head + 10 + i) % ring.length] & 0xff);
        }
        int start = (head + HEADER) % ring.length;
        byte[] dst = into.fit(n);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, dst, 0, first);
        System.arraycopy(ring, 0, dst, first, n - first);
        into.set(stream, ts, (flags & 1) != 0, n);
        into.markHostNote((flags & 2) != 0);
        head = (head + HEADER + n) % ring.length;
        used -= HEADER + n;
        return true;
    }

    /** Wakes a thread waiting in {@link #take}. */
    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized boolean isEmpty() {
        return used == 0;
    }

    private int putByte(int at, byte b) {
        ring[at] = b;
        return (at + 1) % ring.length;
    }

    private int putLong(int at, long v) {
        for (int i = 7; i >= 0; i--) {
            at = putByte(at, (byte) (v >>> (8 * i)));
        }
        return at;
    }

    private int putLong4(int at, int v) {
        for (int i = 3; i >= 0; i--) {
            at = putByte(at, (byte) (v >>> (8 * i)));
        }
        return at;
    }
}
