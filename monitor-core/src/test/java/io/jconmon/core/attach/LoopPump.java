package io.jconmon.core.attach;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.NativeException;
import java.util.function.BooleanSupplier;

/** Drives an {@link EventLoop} from the test thread, which also plays the clients. */
final class LoopPump {
    private LoopPump() {}

    /** One round that does not wait: whatever is ready now is dispatched. */
    static void pump(EventLoop loop) throws NativeException {
        loop.schedule(0, () -> {});
        loop.runOnce();
    }

    /** Rounds (each waiting at most 5 ms) until {@code done}, failing after {@code timeoutMillis}. */
    static void pumpUntil(EventLoop loop, BooleanSupplier done, long timeoutMillis, String what) throws NativeException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            loop.schedule(5, () -> {});
            loop.runOnce();
        }
    }

    /** Fails unless a round with nothing to do really waits: no fd is ready, so nothing spins. */
    static void assertIdle(EventLoop loop) throws NativeException {
        try {
            Thread.sleep(10); // let the short timers of earlier pumps fall due, then run them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pump(loop);
        long start = System.nanoTime();
        loop.schedule(50, () -> {});
        loop.runOnce();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis < 40) {
            throw new AssertionError("the loop did not wait (" + millis + " ms): some fd is ready all the time");
        }
    }
}
