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
    private static final LogStream[] STREAMS = LogStream.values();

    private final byte[] ring;
    private int head; // next byte to take
    private int used; // bytes in the ring
    private boolean wakeUpPending; // a wakeUp() the taker has not seen yet (flush, reopen, close)
    // The taker's side: whole records moved out of the ring, read without the ring's lock.
    private final Object batchLock = new Object();
    private final byte[] batch;
    private int batchPos;
    private int batchEnd;

    RecordRing(int capacityBytes) {
        ring = new byte[capacityBytes];
        batch = new byte[Math.min(capacityBytes, 64 * 1024)];
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
     * <p>The taker does not lock the ring per record: it moves every whole record that fits in its
     * batch buffer out of the ring under one lock and then reads them from there, so the event loop
     * and the delivery thread meet once per batch, not once per line.
     *
     * @return false if the ring stayed empty
     */
    boolean take(CopiedRecord into, long waitMillis) throws InterruptedException {
        synchronized (batchLock) {
            if (batchPos == batchEnd && !refill(waitMillis)) {
                return false;
            }
            LogStream stream = STREAMS[batch[batchPos]];
            int flags = batch[batchPos + 1];
            long ts = 0;
            for (int i = 0; i < 8; i++) {
                ts = ts << 8 | (batch[batchPos + 2 + i] & 0xff);
            }
            int n = contentLength(batch, batchPos + 10);
            System.arraycopy(batch, batchPos + HEADER, into.fit(n), 0, n);
            into.set(stream, ts, (flags & 1) != 0, n);
            into.markHostNote((flags & 2) != 0);
            batchPos += HEADER + n;
            return true;
        }
    }

    /** Moves as many whole records as fit from the ring into the batch buffer; false if none. */
    private synchronized boolean refill(long waitMillis) throws InterruptedException {
        if (used == 0 && waitMillis > 0 && !wakeUpPending) {
            wait(waitMillis);
        }
        wakeUpPending = false;
        int take = 0;
        while (take < used) {
            int n = contentLength(ring, (head + take + 10) % ring.length);
            if (take + HEADER + n > batch.length) {
                break;
            }
            take += HEADER + n;
        }
        if (take == 0) {
            return false;
        }
        int first = Math.min(take, ring.length - head);
        System.arraycopy(ring, head, batch, 0, first);
        System.arraycopy(ring, 0, batch, first, take - first);
        head = (head + take) % ring.length;
        used -= take;
        batchPos = 0;
        batchEnd = take;
        return true;
    }

    /** The 4-byte big-endian length at {@code at}, wrapping around the end of {@code b}. */
    private static int contentLength(byte[] b, int at) {
        int n = 0;
        for (int i = 0; i < 4; i++) {
            n = n << 8 | (b[(at + i) % b.length] & 0xff);
        }
        return n;
    }

    /** Wakes a thread waiting in {@link #take}. */
    synchronized void wakeUp() {
        wakeUpPending = true; // also when the taker is not waiting yet: it must not start to
        notifyAll();
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
