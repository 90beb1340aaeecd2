package io.jconmon.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordRingTest {

    private static CopiedRecord record(LogStream stream, long ts, boolean partial, byte[] content) {
        CopiedRecord r = new CopiedRecord(content.length);
        System.arraycopy(content, 0, r.fit(content.length), 0, content.length);
        r.set(stream, ts, partial, content.length);
        return r;
    }

    @Test
    void recordsComeOutWholeAndInOrderAcrossTheRingsEndAndTheTakersBatches() throws Exception {
        RecordRing ring = new RecordRing(64 * 1024 + 7); // an odd size: headers and contents wrap anywhere
        Random random = new Random(42);
        ArrayDeque<CopiedRecord> expected = new ArrayDeque<>();
        CopiedRecord out = new CopiedRecord(16);
        long ts = 0;
        int taken = 0;
        for (int round = 0; round < 20_000; round++) {
            if (random.nextInt(3) > 0) {
                byte[] content = new byte[random.nextInt(3) == 0 ? random.nextInt(8193) : random.nextInt(120)];
                random.nextBytes(content);
                CopiedRecord r = record(random.nextBoolean() ? LogStream.STDOUT : LogStream.STDERR, ++ts,
                        random.nextBoolean(), content);
                if (ring.offer(r)) {
                    r.rewind();
                    expected.add(r);
                }
            } else if (ring.take(out, 0)) {
                CopiedRecord want = expected.poll();
                assertEquals(want.stream(), out.stream());
                assertEquals(want.timestampNanos(), out.timestampNanos());
                assertEquals(want.isPartial(), out.isPartial());
                assertEquals(want.content(), out.content(), "record " + taken);
                taken++;
            } else {
                assertTrue(expected.isEmpty(), "take found nothing while " + expected.size() + " were queued");
            }
        }
        while (ring.take(out, 0)) {
            assertEquals(expected.poll().content(), out.content());
        }
        assertTrue(expected.isEmpty());
        assertTrue(taken > 1000);
    }

    @Test
    void aFullRingRefusesAndHasRoomAgainOnceTheTakerMovedABatchOut() throws Exception {
        RecordRing ring = new RecordRing(64 * 1024);
        byte[] line = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
        int n = 0;
        while (ring.offer(record(LogStream.STDOUT, 1, false, line))) {
            n++;
        }
        assertEquals(64 * 1024 / (RecordRing.HEADER + 1000), n);
        CopiedRecord out = new CopiedRecord(8);
        assertTrue(ring.take(out, 0));
        assertTrue(ring.offer(record(LogStream.STDOUT, 2, false, line)), "the batch freed the ring");
        int rest = 0;
        while (ring.take(out, 0)) {
            rest++;
        }
        assertEquals(n, rest, "n - 1 from the first fill, plus the one offered after");
        assertFalse(ring.take(out, 0));
    }
}
