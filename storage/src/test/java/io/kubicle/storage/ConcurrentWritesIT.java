package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentWritesIT {
    static Vertx vertx;
    static PgStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        store = TestPostgres.store(vertx, TestPostgres.freshDatabase(), TestPostgres.quickOptions().withPoolSize(16));
    }

    @AfterAll
    static void stop() {
        await(store.closeAsync());
        await(vertx.close());
    }

    /** Every writer reads, then swaps against what it read; exactly one writer wins each revision. */
    @Test
    void exactlyOneCompareAndSwapWinsPerRevision() throws Exception {
        long ws = await(store.createWorkspace("cas", null)).id();
        ObjectKey key = new ObjectKey(ws, "", "configmaps", "default", "contended");
        await(store.create(write(key, "{\"n\":0}", Map.of())));
        Map<Long, AtomicInteger> winnersPerBase = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        int writers = 12;
        int attempts = 40;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < attempts; i++) {
                    StoredObject seen = await(store.get(key));
                    try {
                        await(store.update(write(key, "{\"w\":" + writer + "}", Map.of()),
                                Preconditions.resourceVersion(seen.resourceVersion())));
                        winnersPerBase.computeIfAbsent(seen.resourceVersion(), k -> new AtomicInteger()).incrementAndGet();
                    } catch (StorageException.Conflict e) {
                        conflicts.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        int wins = winnersPerBase.values().stream().mapToInt(AtomicInteger::get).sum();
        winnersPerBase.forEach((base, n) -> assertEquals(1, n.get(), "revision " + base + " was won " + n + " times"));
        assertEquals(writers * attempts, wins + conflicts.get());
        assertTrue(conflicts.get() > 0, "the test must actually contend");
        StoredObject last = await(store.get(key));
        assertEquals(1 + wins, last.resourceVersion(), "every win took exactly one revision, no gaps");
        assertEquals(new TreeSet<>(winnersPerBase.keySet()).last() + 1, last.resourceVersion());
    }

    /** Many concurrent creates in one workspace: revisions 1..N, each used once. */
    @Test
    void concurrentCreatesGetGapFreeDistinctRevisions() {
        long ws = await(store.createWorkspace("burst", null)).id();
        List<Future<StoredObject>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(store.create(write(new ObjectKey(ws, "", "configmaps", "ns" + (i % 3), "o" + i), "{}", Map.of())));
        }
        Map<Long, Integer> seen = new HashMap<>();
        for (Future<StoredObject> f : all) {
            seen.merge(await(f).resourceVersion(), 1, Integer::sum);
        }
        assertEquals(300, seen.size(), "no revision may be shared");
        assertEquals(1L, new TreeSet<>(seen.keySet()).first());
        assertEquals(300L, new TreeSet<>(seen.keySet()).last());
        var history = await(store.pool().preparedQuery("SELECT count(*), min(rv), max(rv) FROM events WHERE workspace_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(ws))).iterator().next();
        assertEquals(300L, history.getLong(0));
        assertEquals(300L, history.getLong(2));
    }
}
