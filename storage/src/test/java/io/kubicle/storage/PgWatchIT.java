package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgWatchIT {
    static Vertx vertx;
    static PgConnectOptions db;
    static PgStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestPostgres.freshDatabase();
        store = TestPostgres.store(vertx, db, TestPostgres.quickOptions());
    }

    @AfterAll
    static void stop() {
        await(store.closeAsync());
        await(vertx.close());
    }

    private static ObjectKey pod(long ws, String ns, String name) {
        return new ObjectKey(ws, "", "pods", ns, name);
    }

    private static ResourceScope pods(long ws, String ns) {
        return new ResourceScope(ws, "", "pods", ns);
    }

    @Test
    void replaysHistoryInOrderThenStreamsLiveChanges() throws Exception {
        long ws = await(store.createWorkspace("replay", null)).id();
        await(store.create(write(pod(ws, "a", "p1"), "{\"s\":1}", Map.of())));
        await(store.create(write(new ObjectKey(ws, "", "configmaps", "a", "cm"), "{}", Map.of())));
        await(store.update(write(pod(ws, "a", "p1"), "{\"s\":2}", Map.of()), Preconditions.NONE));
        await(store.create(write(pod(ws, "b", "p2"), "{}", Map.of())));
        await(store.delete(pod(ws, "a", "p1"), Preconditions.NONE));

        RecordingListener all = new RecordingListener();
        Watch watch = await(store.watch(WatchRequest.of(pods(ws, ""), 0), all));
        List<WatchEvent> replayed = all.awaitEvents(4, 5000);
        assertEquals(List.of("ADDED p1@1 {\"s\":1}", "MODIFIED p1@3 {\"s\":2}", "ADDED p2@4 {}", "DELETED p1@5 {\"s\":2}"),
                replayed.stream().map(RecordingListener::describe).toList());

        RecordingListener fromMiddle = new RecordingListener();
        Watch second = await(store.watch(WatchRequest.of(pods(ws, "a"), 3), fromMiddle));
        await(store.create(write(pod(ws, "a", "p3"), "{}", Map.of())));
        await(store.create(write(pod(ws, "b", "p4"), "{}", Map.of())));
        assertEquals(List.of("DELETED p1@5 {\"s\":2}", "ADDED p3@6 {}"), fromMiddle.awaitEvents(2, 5000).stream()
                .map(RecordingListener::describe).toList());
        assertEquals(List.of("ADDED p3@6 {}", "ADDED p4@7 {}"), all.awaitEvents(6, 5000).subList(4, 6).stream()
                .map(RecordingListener::describe).toList());
        Thread.sleep(200);
        assertEquals(2, fromMiddle.events.size(), "the namespace watch must not see other namespaces");
        watch.close();
        assertNull(all.awaitClose());
        second.close();
        assertNull(fromMiddle.awaitClose());
    }

    @Test
    void liveBurstArrivesCompleteAndInOrder() throws Exception {
        long ws = await(store.createWorkspace("burst-watch", null)).id();
        RecordingListener listener = new RecordingListener();
        Watch watch = await(store.watch(WatchRequest.of(pods(ws, ""), 0), listener));
        List<io.vertx.core.Future<StoredObject>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(store.create(write(pod(ws, "n", "p" + i), "{}", Map.of())));
        }
        writes.forEach(TestPostgres::await);
        List<WatchEvent> events = listener.awaitEvents(200, 10_000);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).resourceVersion(), "events must arrive gap-free and in revision order");
        }
        watch.close();
    }

    @Test
    void selectorWatchSeesObjectsEnterAndLeave() throws Exception {
        long ws = await(store.createWorkspace("selector", null)).id();
        RecordingListener listener = new RecordingListener();
        await(store.watch(WatchRequest.of(pods(ws, ""), 0, LabelSelector.parse("app=web")), listener));
        await(store.create(write(pod(ws, "n", "p"), "{\"step\":1}", Map.of("app", "db"))));
        await(store.update(write(pod(ws, "n", "p"), "{\"step\":2}", Map.of("app", "web")), Preconditions.NONE));
        await(store.update(write(pod(ws, "n", "p"), "{\"step\":3}", Map.of("app", "web")), Preconditions.NONE));
        await(store.update(write(pod(ws, "n", "p"), "{\"step\":4}", Map.of("app", "db")), Preconditions.NONE));
        await(store.delete(pod(ws, "n", "p"), Preconditions.NONE));
        await(store.create(write(pod(ws, "n", "q"), "{\"step\":6}", Map.of("app", "web"))));
        assertEquals(List.of("ADDED p@2 {\"step\":2}", "MODIFIED p@3 {\"step\":3}", "DELETED p@4 {\"step\":4}",
                        "ADDED q@6 {\"step\":6}"),
                listener.awaitEvents(4, 5000).stream().map(RecordingListener::describe).toList());
    }

    @Test
    void watchFromCompactedRevisionIsExpired() throws Exception {
        long ws = await(store.createWorkspace("compacted", null)).id();
        for (int i = 0; i < 3; i++) {
            await(store.create(write(pod(ws, "n", "p" + i), "{}", Map.of())));
        }
        RecordingListener live = new RecordingListener();
        await(store.watch(WatchRequest.of(pods(ws, ""), 3), live));
        await(store.compact(Duration.ZERO));
        var expired = failure(store.watch(WatchRequest.of(pods(ws, ""), 1), new RecordingListener()));
        assertInstanceOf(StorageException.Expired.class, expired);
        assertEquals(3, ((StorageException.Expired) expired).oldestRevision());
        // Watching from the compaction point (the latest revision a list would report) still works.
        RecordingListener fromLatest = new RecordingListener();
        await(store.watch(WatchRequest.of(pods(ws, ""), 3), fromLatest));
        await(store.create(write(pod(ws, "n", "after"), "{}", Map.of())));
        assertEquals("ADDED after@4 {}", RecordingListener.describe(fromLatest.awaitEvents(1, 5000).get(0)));
        assertEquals("ADDED after@4 {}", RecordingListener.describe(live.awaitEvents(1, 5000).get(0)));
    }

    @Test
    void deletingTheWorkspaceEndsItsWatches() throws Exception {
        await(store.createWorkspace("doomed", null));
        long ws = await(store.getWorkspace("doomed")).id();
        RecordingListener listener = new RecordingListener();
        await(store.watch(WatchRequest.of(pods(ws, ""), 0), listener));
        await(store.deleteWorkspace("doomed"));
        assertInstanceOf(StorageException.NotFound.class, listener.awaitClose());
        assertInstanceOf(StorageException.NotFound.class,
                failure(store.watch(WatchRequest.of(pods(ws, ""), 0), new RecordingListener())));
    }

    /** Two stores on one database stand in for two Kubicle processes. */
    @Test
    void anotherStoreInstanceSeesWritesWithinASecond() throws Exception {
        Vertx otherVertx = Vertx.vertx();
        PgStore other = TestPostgres.store(otherVertx, db, TestPostgres.quickOptions());
        try {
            long ws = await(store.createWorkspace("two-processes", null)).id();
            RecordingListener here = new RecordingListener();
            RecordingListener there = new RecordingListener();
            await(store.watch(WatchRequest.of(pods(ws, ""), 0), here));
            await(other.watch(WatchRequest.of(pods(ws, ""), 0), there));
            long started = System.nanoTime();
            await(store.create(write(pod(ws, "n", "from-one"), "{}", Map.of())));
            there.awaitEvents(1, 1000);
            long firstMillis = (System.nanoTime() - started) / 1_000_000;
            await(other.create(write(pod(ws, "n", "from-two"), "{}", Map.of())));
            here.awaitEvents(2, 1000);
            assertEquals(List.of("ADDED from-one@1 {}", "ADDED from-two@2 {}"), here.describe());
            assertEquals(List.of("ADDED from-one@1 {}", "ADDED from-two@2 {}"), there.awaitEvents(2, 1000).stream()
                    .map(RecordingListener::describe).toList());
            assertTrue(firstMillis < 1000, "cross-process delivery took " + firstMillis + " ms");
        } finally {
            await(other.closeAsync());
            await(otherVertx.close());
        }
    }

    /**
     * Local writes of resources nobody watches are stepped over without a read; the watched ones still
     * arrive, in order, with the right revisions, also when a watcher of the skipped resource joins later.
     */
    @Test
    void unwatchedLocalWritesAreSteppedOverAndWatchedOnesStillArrive() throws Exception {
        long ws = await(store.createWorkspace("skip", null)).id();
        RecordingListener podsSeen = new RecordingListener();
        Watch watch = await(store.watch(WatchRequest.of(pods(ws, ""), 0), podsSeen));
        for (int i = 0; i < 30; i++) {
            await(store.create(write(new ObjectKey(ws, "", "configmaps", "a", "cm" + i), "{}", Map.of())));
            if (i % 10 == 9) {
                await(store.create(write(pod(ws, "a", "p" + i), "{}", Map.of())));
            }
        }
        List<WatchEvent> seen = podsSeen.awaitEvents(3, 5000);
        assertEquals(List.of("ADDED p9@11 {}", "ADDED p19@22 {}", "ADDED p29@33 {}"),
                seen.stream().map(RecordingListener::describe).toList());
        assertTrue(store.revisionsSteppedOver(ws) >= 20, "most configmap commits needed no read-back, stepped over "
                + store.revisionsSteppedOver(ws));

        RecordingListener configMapsSeen = new RecordingListener();
        Watch late = await(store.watch(WatchRequest.of(new ResourceScope(ws, "", "configmaps", ""), 30), configMapsSeen));
        await(store.create(write(new ObjectKey(ws, "", "configmaps", "a", "after"), "{}", Map.of())));
        assertEquals(List.of("ADDED cm28@31 {}", "ADDED cm29@32 {}", "ADDED after@34 {}"),
                configMapsSeen.awaitEvents(3, 5000).stream().map(RecordingListener::describe).toList(),
                "a watcher joining later replays what was stepped over");
        watch.close();
        late.close();
    }

    /**
     * A local write reaches unfiltered watchers straight from the writer, with the change's own type; while a
     * filtered watcher of the resource exists, the feed reads the change back (the filter needs the state before).
     */
    @Test
    void localWritesGoStraightToUnfilteredWatchersAndFilteredOnesStillSeeTransitions() throws Exception {
        long ws = await(store.createWorkspace("handover", null)).id();
        RecordingListener all = new RecordingListener();
        Watch everything = await(store.watch(WatchRequest.of(pods(ws, ""), 0), all));
        await(store.create(write(pod(ws, "a", "p"), "{\"s\":1}", Map.of("app", "web"))));
        await(store.update(write(pod(ws, "a", "p"), "{\"s\":2}", Map.of("app", "web")), Preconditions.NONE));
        await(store.delete(pod(ws, "a", "p"), Preconditions.NONE));
        assertEquals(List.of("ADDED p@1 {\"s\":1}", "MODIFIED p@2 {\"s\":2}", "DELETED p@3 {\"s\":2}"),
                all.awaitEvents(3, 5000).stream().map(RecordingListener::describe).toList());
        long handedOver = store.revisionsHandedOver(ws);
        // (a write racing the feed's once-a-second safety check is read back instead; both deliver the same)
        assertTrue(handedOver >= 2, "no read-back for an unfiltered watcher: " + handedOver + " of 3 handed over");

        RecordingListener web = new RecordingListener();
        Watch filtered = await(store.watch(WatchRequest.of(pods(ws, ""), 3, LabelSelector.parse("app=web")), web));
        await(store.create(write(pod(ws, "a", "q"), "{\"s\":1}", Map.of("app", "web"))));
        await(store.update(write(pod(ws, "a", "q"), "{\"s\":2}", Map.of("app", "db")), Preconditions.NONE));
        assertEquals(List.of("ADDED q@4 {\"s\":1}", "DELETED q@5 {\"s\":2}"),
                web.awaitEvents(2, 5000).stream().map(RecordingListener::describe).toList(),
                "leaving the selector is a deletion to the filtered watcher");
        assertEquals(List.of("ADDED q@4 {\"s\":1}", "MODIFIED q@5 {\"s\":2}"),
                all.awaitEvents(5, 5000).stream().skip(3).map(RecordingListener::describe).toList());
        assertEquals(handedOver, store.revisionsHandedOver(ws), "with a filtered watcher the change is read back");
        filtered.close();
        everything.close();
    }
}
