package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    @Test
    void aKeyIsNeverWorkedTwiceAtOnceAndAChangeDuringWorkRunsItAgain() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkQueue<String> queue = new WorkQueue<>("t", 4, 10, k -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            firstStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return true;
        })) {
            queue.add("k");
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                queue.add("k"); // collapse into one more run
            }
            release.countDown();
            waitIdle(queue);
            assertEquals(1, maxConcurrent.get());
            assertEquals(2, runs.get());
        }
    }

    @Test
    void failuresAreRetried() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        try (WorkQueue<String> queue = new WorkQueue<>("t", 2, 10, k -> {
            int n = attempts.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
            if (n < 3) {
                throw new IllegalStateException("transient");
            }
            done.countDown();
            return true;
        })) {
            queue.add("k");
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(3, attempts.get("k").get());
        }
    }

    private static void waitIdle(WorkQueue<?> queue) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.idle() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }
}
