package io.jconmon.driver.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6587 framing and the queue's rule: a half-written frame is sent again whole. */
class OutgoingFramesTest {

    @Test
    void octetCountingPrefixesTheLengthAndNonTransparentFramingAppendsLf() throws Exception {
        assertEquals("5 hello3 abc", drain(Framing.OCTET_COUNTED, "hello", "abc"));
        assertEquals("hello\nabc\n", drain(Framing.NON_TRANSPARENT, "hello", "abc"));
        assertEquals("0 ", drain(Framing.OCTET_COUNTED, ""));
    }

    @Test
    void aFrameCutByABrokenConnectionIsSentWholeOnTheNextOne() throws Exception {
        OutgoingFrames q = new OutgoingFrames(Framing.OCTET_COUNTED, 1024);
        add(q, "first");
        add(q, "second");
        Sink broken = new Sink(10); // takes "5 first" and "6 s"
        q.writeTo(broken);
        assertEquals("5 first6 s", broken.text());
        assertEquals(1, q.frames());
        q.rewindPartialFrame();
        Sink next = new Sink(Integer.MAX_VALUE);
        q.writeTo(next);
        assertEquals("6 second", next.text());
        assertEquals(0, q.frames());
    }

    @Test
    void roomIsBoundedAndGivenBackAsFramesLeave() throws Exception {
        OutgoingFrames q = new OutgoingFrames(Framing.NON_TRANSPARENT, 100);
        add(q, "x".repeat(49));
        add(q, "y".repeat(39));
        assertEquals(10, q.room());
        q.writeTo(new Sink(Integer.MAX_VALUE));
        assertEquals(100, q.room());
    }

    private static String drain(Framing framing, String... messages) throws Exception {
        OutgoingFrames q = new OutgoingFrames(framing, 1 << 16);
        for (String m : messages) {
            add(q, m);
        }
        Sink sink = new Sink(Integer.MAX_VALUE);
        q.writeTo(sink);
        return sink.text();
    }

    private static void add(OutgoingFrames q, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        q.add(b, b.length);
    }

    /** A channel that takes at most {@code limit} bytes in all, then nothing (a full socket). */
    private static final class Sink implements WritableByteChannel {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int limit;

        Sink(int limit) {
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(limit, src.remaining());
            byte[] b = new byte[n];
            src.get(b);
            bytes.write(b, 0, n);
            limit -= n;
            return n;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
