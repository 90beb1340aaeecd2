package io.jconmon.driver.fluentd;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MessagePack decoder for the tests, written from the MessagePack specification
 * (https://github.com/msgpack/msgpack/blob/master/spec.md) independently of the driver's encoder:
 * every format family, so an encoder that picks a wrong or unusual format is still read back
 * faithfully and the test can check which format it was.
 *
 * <p>Values: nil → null, bool → Boolean, integers → Long, floats → Double, str → {@link Str}
 * (raw bytes: invalid UTF-8 survives), bin → byte[], array → List, map → LinkedHashMap, ext →
 * {@link Ext}.
 */
final class MsgPackReader {
    /** A MessagePack str, kept as bytes. */
    static final class Str {
        final byte[] bytes;

        Str(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A MessagePack extension value. */
    record Ext(int type, byte[] data) {}

    private final DataInputStream in;
    /** The first byte of the last value read, so tests can check the format chosen. */
    int lastFormat;

    MsgPackReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    static Object decode(byte[] bytes) throws IOException {
        return new MsgPackReader(new java.io.ByteArrayInputStream(bytes)).read();
    }

    /** The next value; EOFException at a clean end of input. */
    Object read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        lastFormat = b;
        if (b <= 0x7f) {
            return (long) b; // positive fixint
        }
        if (b >= 0xe0) {
            return (long) (byte) b; // negative fixint
        }
        if ((b & 0xf0) == 0x80) {
            return map(b & 0x0f);
        }
        if ((b & 0xf0) == 0x90) {
            return array(b & 0x0f);
        }
        if ((b & 0xe0) == 0xa0) {
            return new Str(bytes(b & 0x1f));
        }
        return switch (b) {
            case 0xc0 -> null;
            case 0xc2 -> false;
            case 0xc3 -> true;
            case 0xc4 -> bytes(in.readUnsignedByte());
            case 0xc5 -> bytes(in.readUnsignedShort());
            case 0xc6 -> bytes(length(in.readInt()));
            case 0xc7 -> ext(in.readUnsignedByte());
            case 0xc8 -> ext(in.readUnsignedShort());
            case 0xc9 -> ext(length(in.readInt()));
            case 0xca -> (double) in.readFloat();
            case 0xcb -> in.readDouble();
            case 0xcc -> (long) in.readUnsignedByte();
            case 0xcd -> (long) in.readUnsignedShort();
            case 0xce -> in.readInt() & 0xffffffffL;
            case 0xcf -> in.readLong(); // uint64 above 2^63 does not occur in these tests
            case 0xd0 -> (long) in.readByte();
            case 0xd1 -> (long) in.readShort();
            case 0xd2 -> (long) in.readInt();
            case 0xd3 -> in.readLong();
            case 0xd4 -> ext(1);
            case 0xd5 -> ext(2);
            case 0xd6 -> ext(4);
            case 0xd7 -> ext(8);
            case 0xd8 -> ext(16);
            case 0xd9 -> new Str(bytes(in.readUnsignedByte()));
            case 0xda -> new Str(bytes(in.readUnsignedShort()));
            case 0xdb -> new Str(bytes(length(in.readInt())));
            case 0xdc -> array(in.readUnsignedShort());
            case 0xdd -> array(length(in.readInt()));
            case 0xde -> map(in.readUnsignedShort());
            case 0xdf -> map(length(in.readInt()));
            default -> throw new IOException("0xc1 is never used (MessagePack spec)");
        };
    }

    private static int length(int n) throws IOException {
        if (n < 0) {
            throw new IOException("length above 2^31 in a test");
        }
        return n;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private Ext ext(int n) throws IOException {
        int type = in.readByte();
        return new Ext(type, bytes(n));
    }

    private List<Object> array(int n) throws IOException {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read());
        }
        return list;
    }

    private Map<Object, Object> map(int n) throws IOException {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object key = read();
            map.put(key, read());
        }
        return map;
    }
}
