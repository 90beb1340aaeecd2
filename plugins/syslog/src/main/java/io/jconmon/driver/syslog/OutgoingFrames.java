package io.jconmon.driver.syslog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Framed messages waiting to be written to a stream, bounded in bytes. A frame leaves the queue only
 * once fully written; after a broken connection the frame that was partly written is sent again
 * whole on the next one, so the receiver never sees a frame that starts in the middle.
 */
final class OutgoingFrames {
    private final Framing framing;
    private final int maxBytes;
    private byte[] buf;
    /** The first byte of the first frame not yet fully written. */
    private int start;
    /** The next byte to write ({@code start <= sent <= end}). */
    private int sent;
    private int end;
    private int frames;

    OutgoingFrames(Framing framing, int maxBytes) {
        this.framing = framing;
        this.maxBytes = maxBytes;
        this.buf = new byte[Math.min(maxBytes, 64 * 1024)];
    }

    /** Bytes that can still be queued (framing included). */
    int room() {
        return maxBytes - (end - start);
    }

    int frames() {
        return frames;
    }

    boolean isEmpty() {
        return frames == 0;
    }

    /** Queues one message; the caller checked {@link #room()} for its length plus framing. */
    void add(byte[] message, int length) {
        int needed = length + Framing.MAX_OVERHEAD;
        if (end + needed > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            sent -= start;
            end -= start;
            start = 0;
            if (end + needed > buf.length) {
                byte[] bigger = new byte[Math.min(maxBytes + Framing.MAX_OVERHEAD, Math.max(buf.length * 2, end + needed))];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            }
        }
        end = framing.frame(message, length, buf, end);
        frames++;
    }

    /** Writes as much as the channel takes without blocking. */
    void writeTo(WritableByteChannel channel) throws IOException {
        while (sent < end) {
            int n = channel.write(ByteBuffer.wrap(buf, sent, end - sent));
            if (n <= 0) {
                break;
            }
            sent += n;
        }
        while (frames > 0) {
            int length = framing.frameLength(buf, start);
            if (start + length > sent) {
                break;
            }
            start += length;
            frames--;
        }
        if (start == end) {
            start = sent = end = 0;
        }
    }

    /** The connection broke: the partly written frame goes again, whole, on the next one. */
    void rewindPartialFrame() {
        sent = start;
    }
}
