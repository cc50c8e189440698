package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassWritesTest {
    @Test
    void everyWriteRunsAtMostPerPassAtOnceAndRunReturnsOnlyWhenAllHaveEnded() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        List<Runnable> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            writes.add(() -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                sleep(5); // a round trip
                inFlight.decrementAndGet();
                done.add(n);
            });
        }
        try (PassWrites passWrites = new PassWrites(16, 4)) {
            passWrites.run(writes);
        }
        assertEquals(40, done.size(), "run returned before every write ended");
        assertTrue(most.get() > 1, "writes ran one at a time: " + most.get());
        assertTrue(most.get() <= 4, "more than 4 writes of one pass in flight: " + most.get());
    }

    @Test
    void twoPassesShareThePoolWithoutWaitingForEachOther() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        try (PassWrites passWrites = new PassWrites(8, 2)) {
            Thread busy = new Thread(() -> passWrites.run(List.of(() -> await(release), () -> await(release), () -> await(release))));
            busy.start();
            // a busy namespace holds at most its own slots: another pass still gets threads
            passWrites.run(List.of(() -> { }, otherDone::countDown));
            assertTrue(otherDone.await(5, TimeUnit.SECONDS));
            release.countDown();
            busy.join(5000);
            assertTrue(!busy.isAlive());
        }
    }

    @Test
    void aFailureStopsFurtherWritesAndIsRethrownAfterThoseInFlightEnd() {
        RuntimeException refused = new IllegalStateException("host unreachable");
        AtomicInteger started = new AtomicInteger();
        List<Runnable> writes = new ArrayList<>();
        writes.add(() -> {
            started.incrementAndGet();
            throw refused;
        });
        for (int i = 0; i < 10; i++) {
            writes.add(() -> {
                started.incrementAndGet();
                sleep(20);
            });
        }
        try (PassWrites passWrites = new PassWrites(4, 1)) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> passWrites.run(writes));
            assertSame(refused, thrown);
        }
        // one at a time: the failing write ended before a second could start, so no more than one followed it
        assertTrue(started.get() <= 2, "writes kept starting after a failure: " + started.get());
    }

    @Test
    void aSingleWriteRunsOnThePassThreadAndItsFailureIsItsOwn() {
        Thread[] ranOn = new Thread[1];
        try (PassWrites passWrites = new PassWrites(2, 2)) {
            passWrites.run(List.of(() -> ranOn[0] = Thread.currentThread()));
            assertSame(Thread.currentThread(), ranOn[0]);
            RuntimeException refused = new IllegalArgumentException("422");
            assertSame(refused, assertThrows(RuntimeException.class, () -> passWrites.run(List.of(() -> {
                throw refused;
            }))));
        }
    }

    @Test
    void writesQueuedWhenTheSyncerStopsDoNotHoldTheirPass() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        PassWrites passWrites = new PassWrites(1, 2);
        Thread pass = new Thread(() -> {
            try {
                passWrites.run(List.of(() -> {
                    running.countDown();
                    sleep(60_000);
                }, () -> { }));
            } catch (RuntimeException expected) {
                // the syncer stopping
            }
        });
        pass.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        passWrites.close();
        pass.join(5000);
        assertTrue(!pass.isAlive(), "a pass waited for a write that will never run");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
