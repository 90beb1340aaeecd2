package io.jconmon.core.logging;

import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogRecord;
import io.jconmon.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A driver whose behaviour a test scripts: it asks to retry its first few writes, throws at one
 * record, is slow, or hangs until released. It remembers what it took as "stream:content" strings.
 */
final class ScriptedDriver implements LogDriver {
    final List<String> taken = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile int retriesLeft;
    volatile int throwAt = -1;
    volatile long sleepMillis;
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hang;
    volatile boolean closed;
    private int calls;

    @Override
    public WriteResult write(LogRecord record) {
        threads.add(Thread.currentThread().getName());
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (retriesLeft > 0) {
            retriesLeft--;
            return WriteResult.RETRY_LATER;
        }
        if (calls++ == throwAt) {
            throw new IllegalStateException("scripted failure");
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] b = new byte[record.content().remaining()];
        record.content().get(b);
        taken.add(record.stream().wireName() + ":" + new String(b, StandardCharsets.UTF_8)
                + (record.isPartial() ? "[P]" : ""));
        return WriteResult.ACCEPTED;
    }

    @Override
    public void close() {
        closed = true;
    }
}
