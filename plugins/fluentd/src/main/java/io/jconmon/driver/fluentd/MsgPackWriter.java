package io.jconmon.driver.fluentd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few MessagePack types the Forward protocol needs, written from the MessagePack
 * specification (https://github.com/msgpack/msgpack/blob/master/spec.md) into a growable byte
 * array: arrays, maps, str, bin, non-negative integers and the EventTime extension (type 0). Every
 * multi-byte number is big-endian and every value uses its smallest format, as the spec asks.
 */
final class MsgPackWriter {
    private byte[] buf;
    private int size;

    MsgPackWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buf;
    }

    void reset() {
        size = 0;
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    MsgPackWriter arrayHeader(int n) {
        if (n < 16) {
            return put(0x90 | n);
        }
        return n < 65536 ? put(0xdc).u16(n) : put(0xdd).u32(n);
    }

    MsgPackWriter mapHeader(int n) {
        if (n < 16) {
            return put(0x80 | n);
        }
        return n < 65536 ? put(0xde).u16(n) : put(0xdf).u32(n);
    }

    /** A str: UTF-8 text. */
    MsgPackWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return str(b, 0, b.length);
    }

    /**
     * A str holding {@code bytes} as they are. MessagePack's str is meant to be UTF-8; container
     * output is passed on unchanged, invalid sequences included, as Docker's fluentd driver does.
     */
    MsgPackWriter str(byte[] bytes, int off, int len) {
        if (len < 32) {
            put(0xa0 | len);
        } else if (len < 256) {
            put(0xd9).put(len);
        } else if (len < 65536) {
            put(0xda).u16(len);
        } else {
            put(0xdb).u32(len);
        }
        return raw(bytes, off, len);
    }

    MsgPackWriter binHeader(int len) {
        if (len < 256) {
            return put(0xc4).put(len);
        }
        return len < 65536 ? put(0xc5).u16(len) : put(0xc6).u32(len);
    }

    /** A non-negative integer. */
    MsgPackWriter uint(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        if (v < 128) {
            return put((int) v);
        }
        if (v < 256) {
            return put(0xcc).put((int) v);
        }
        if (v < 65536) {
            return put(0xcd).u16((int) v);
        }
        if (v < (1L << 32)) {
            return put(0xce).u32((int) v);
        }
        return put(0xcf).u32((int) (v >>> 32)).u32((int) v);
    }

    /** Forward protocol EventTime: fixext8, type 0, seconds and nanoseconds as 32-bit big-endian. */
    MsgPackWriter eventTime(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        return put(0xd7).put(0x00).u32((int) seconds).u32(nanos);
    }

    MsgPackWriter raw(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
        return this;
    }

    private MsgPackWriter put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    private MsgPackWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    private MsgPackWriter u32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
