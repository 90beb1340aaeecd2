package io.jconmon.driver.fluentd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's responses: MessagePack maps such as {@code {"ack": "p8n9gmxTQVC8/nh2wlKKeQ=="}}
 * (Forward protocol v1, "Response"), possibly split across reads. Only maps of str keys to str or
 * bin values are expected; anything else is a protocol error.
 */
final class AckReader {
    /** Thrown for bytes that are not a response. */
    static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    private final ByteBuffer pending = ByteBuffer.allocate(4096);

    /** Room to read into; call {@link #next} after each read. */
    ByteBuffer buffer() {
        return pending;
    }

    void clear() {
        pending.clear();
    }

    /**
     * The next complete response's {@code ack} value, or null when no complete response is buffered.
     * A response without {@code ack} is skipped.
     */
    String next() throws ProtocolException {
        while (true) {
            pending.flip();
            int start = pending.position();
            String ack;
            boolean complete;
            try {
                int entries = mapHeader();
                ack = null;
                for (int i = 0; i < entries; i++) {
                    String key = text();
                    String value = text();
                    if (key.equals("ack")) {
                        ack = value;
                    }
                }
                complete = true;
            } catch (java.nio.BufferUnderflowException e) {
                pending.position(start);
                ack = null;
                complete = false;
            }
            pending.compact();
            if (!complete || ack != null) {
                return ack;
            }
        }
    }

    private int mapHeader() throws ProtocolException {
        int b = pending.get() & 0xff;
        if ((b & 0xf0) == 0x80) {
            return b & 0x0f;
        }
        if (b == 0xde) {
            return pending.getShort() & 0xffff;
        }
        throw new ProtocolException("expected a map from the server, got 0x" + Integer.toHexString(b));
    }

    private String text() throws ProtocolException {
        int b = pending.get() & 0xff;
        int len;
        if ((b & 0xe0) == 0xa0) {
            len = b & 0x1f;
        } else if (b == 0xd9 || b == 0xc4) {
            len = pending.get() & 0xff;
        } else if (b == 0xda || b == 0xc5) {
            len = pending.getShort() & 0xffff;
        } else {
            throw new ProtocolException("expected a str from the server, got 0x" + Integer.toHexString(b));
        }
        if (len > pending.capacity() / 2) {
            throw new ProtocolException("response value too long: " + len);
        }
        byte[] bytes = new byte[len];
        pending.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
