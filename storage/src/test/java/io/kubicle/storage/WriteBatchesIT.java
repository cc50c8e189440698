package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes to one workspace that arrive while one is in flight go to Postgres together as one batch
 * (group commit). Each write in a batch must still get exactly the answer it would get alone.
 */
class WriteBatchesIT extends StoreTest {

    @Test
    void everyWriteOfABatchGetsItsOwnOutcomeAndRevisionsStayGapFree() {
        long ws = await(store.createWorkspace("mixed", null)).id();
        ObjectKey a = new ObjectKey(ws, "", "configmaps", "default", "a");
        ObjectKey b = new ObjectKey(ws, "", "configmaps", "default", "b");
        ObjectKey missing = new ObjectKey(ws, "", "configmaps", "default", "missing");
        // issued back to back without waiting: all but the first queue behind it and go as one batch
        Future<StoredObject> createA = store.create(write(a, "{\"v\":\"a1\"}", Map.of("k", "a")));
        Future<StoredObject> createA2 = store.create(write(a, "{\"v\":\"dup\"}", Map.of()));
        Future<StoredObject> createB = store.create(write(b, "{\"v\":\"b1\"}", Map.of("k", "b")));
        Future<StoredObject> updateA = store.update(write(a, "{\"v\":\"a2\"}", Map.of("k", "a2")),
                Preconditions.resourceVersion(1));
        Future<StoredObject> staleA = store.update(write(a, "{\"v\":\"stale\"}", Map.of()), Preconditions.resourceVersion(1));
        Future<StoredObject> updateMissing = store.update(write(missing, "{}", Map.of()), Preconditions.NONE);
        Future<StoredObject> deleteMissing = store.delete(missing, Preconditions.NONE);
        Future<StoredObject> deleteBWrongUid = store.delete(b,
                new Preconditions("00000000-0000-0000-0000-000000000001", null));
        Future<StoredObject> deleteB = store.delete(b, Preconditions.NONE);

        assertEquals(1, await(createA).resourceVersion());
        assertInstanceOf(StorageException.AlreadyExists.class, failure(createA2));
        StoredObject createdB = await(createB);
        assertEquals(2, createdB.resourceVersion());
        StoredObject updatedA = await(updateA);
        assertEquals(3, updatedA.resourceVersion());
        assertEquals(await(createA).uid(), updatedA.uid(), "an update keeps the uid");
        StorageException.Conflict stale = (StorageException.Conflict) failure(staleA);
        assertEquals(3, stale.currentRevision());
        assertTrue(stale.getMessage().contains("expected revision 1, found 3"), stale.getMessage());
        assertInstanceOf(StorageException.NotFound.class, failure(updateMissing));
        assertInstanceOf(StorageException.NotFound.class, failure(deleteMissing));
        assertTrue(failure(deleteBWrongUid).getMessage().contains("uid is " + createdB.uid()));
        StoredObject deletedB = await(deleteB);
        assertEquals(4, deletedB.resourceVersion(), "the deletion's revision");
        assertEquals("{\"v\":\"b1\"}", new String(deletedB.body()), "a delete yields the last state");
        assertEquals(Map.of("k", "b"), deletedB.labels());

        assertEquals("{\"v\":\"a2\"}", new String(await(store.get(a)).body()));
        assertEquals(Map.of("k", "a2"), await(store.get(a)).labels());
        assertInstanceOf(StorageException.NotFound.class, failure(store.get(b)));
        assertEquals(4L, await(store.currentRevision(ws)));
        List<String> history = new ArrayList<>();
        for (Row row : await(store.pool().preparedQuery("SELECT rv, type, name FROM events WHERE workspace_id = $1 ORDER BY rv")
                .execute(Tuple.of(ws)))) {
            history.add(row.getLong(0) + ":" + row.getShort(1) + ":" + row.getString(2));
        }
        assertEquals(List.of("1:1:a", "2:1:b", "3:2:a", "4:3:b"), history, "one event per successful write, no gaps");
    }

    @Test
    void aWritePostgresRefusesFailsAloneAndTheRestOfItsBatchCommits() {
        long ws = await(store.createWorkspace("poison", null)).id();
        Future<StoredObject> first = store.create(write(new ObjectKey(ws, "", "configmaps", "default", "first"), "{}", Map.of()));
        // jsonb cannot hold U+0000: Postgres rejects the whole statement this write is part of
        Future<StoredObject> poisoned = store.create(write(new ObjectKey(ws, "", "configmaps", "default", "bad"), "{}",
                Map.of("k", "nul\u0000")));
        Future<StoredObject> after = store.create(write(new ObjectKey(ws, "", "configmaps", "default", "after"), "{}", Map.of()));
        assertEquals(1, await(first).resourceVersion());
        assertInstanceOf(StorageException.Unavailable.class, failure(poisoned));
        assertEquals(2, await(after).resourceVersion(), "the refused write took no revision");
        assertEquals(2L, await(store.currentRevision(ws)));
    }

    @Test
    void writesToAMissingWorkspaceAreNotFound() {
        Future<StoredObject> one = store.create(write(new ObjectKey(987654, "", "configmaps", "default", "x"), "{}", Map.of()));
        Future<StoredObject> two = store.create(write(new ObjectKey(987654, "", "configmaps", "default", "y"), "{}", Map.of()));
        assertTrue(failure(one).getMessage().contains("workspace 987654 does not exist"));
        assertInstanceOf(StorageException.NotFound.class, failure(two));
    }

    @Test
    void answersArriveOnTheCallersContext() throws Exception {
        long ws = await(store.createWorkspace("contexts", null)).id();
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Boolean> sameThread = new CompletableFuture<>();
        context.runOnContext(v -> {
            Thread caller = Thread.currentThread();
            List<Future<StoredObject>> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writes.add(store.create(write(new ObjectKey(ws, "", "configmaps", "default", "c" + i), "{}", Map.of())));
            }
            Future.all(writes).onComplete(done -> sameThread.complete(done.succeeded() && Thread.currentThread() == caller
                    && Vertx.currentContext() == context));
        });
        assertTrue(sameThread.get(30, TimeUnit.SECONDS), "every write succeeded and answered on the caller's context");
    }

    @Test
    void largeBodiesAreSplitAcrossBatchesAndAllCommit() {
        long ws = await(store.createWorkspace("large", null)).id();
        String big = "{\"v\":\"" + "x".repeat(1_500_000) + "\"}";
        List<Future<StoredObject>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writes.add(store.create(write(new ObjectKey(ws, "", "configmaps", "default", "big" + i), big, Map.of())));
        }
        java.util.Set<Long> revisions = new java.util.TreeSet<>();
        for (Future<StoredObject> w : writes) {
            revisions.add(await(w).resourceVersion());
        }
        assertEquals(java.util.Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), revisions);
        assertEquals(big.length(), await(store.get(new ObjectKey(ws, "", "configmaps", "default", "big7"))).body().length);
    }
}
