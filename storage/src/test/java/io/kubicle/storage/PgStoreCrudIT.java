package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PgStoreCrudIT extends StoreTest {

    private static long newWorkspace() {
        return await(store.createWorkspace("ws-" + UUID.randomUUID(), null)).id();
    }

    private static ObjectKey cm(long ws, String ns, String name) {
        return new ObjectKey(ws, "", "configmaps", ns, name);
    }

    @Test
    void createGetUpdateDeleteTakeGapFreeRevisions() {
        long ws = newWorkspace();
        StoredObject created = await(store.create(write(cm(ws, "default", "a"), "{\"v\":1}", Map.of("app", "x"))));
        assertEquals(1, created.resourceVersion());
        StoredObject got = await(store.get(cm(ws, "default", "a")));
        assertEquals(created.uid(), got.uid());
        assertEquals(Map.of("app", "x"), got.labels());
        assertArrayEquals("{\"v\":1}".getBytes(), got.body());

        StoredObject updated = await(store.update(new ObjectWrite(cm(ws, "default", "a"), "ignored-uid", 2, Map.of(),
                "{\"v\":2}".getBytes()), Preconditions.resourceVersion(1)));
        assertEquals(2, updated.resourceVersion());
        assertEquals(created.uid(), updated.uid(), "an object keeps its uid for life");
        assertEquals(2, await(store.get(cm(ws, "default", "a"))).generation());

        StoredObject deleted = await(store.delete(cm(ws, "default", "a"), Preconditions.NONE));
        assertEquals(3, deleted.resourceVersion(), "a deletion takes the next revision");
        assertArrayEquals("{\"v\":2}".getBytes(), deleted.body(), "delete returns the last state");
        assertInstanceOf(StorageException.NotFound.class, failure(store.get(cm(ws, "default", "a"))));
        assertEquals(3L, await(store.currentRevision(ws)));
    }

    @Test
    void failedWritesTakeNoRevision() {
        long ws = newWorkspace();
        await(store.create(write(cm(ws, "default", "a"), "{}", Map.of())));
        assertInstanceOf(StorageException.AlreadyExists.class,
                failure(store.create(write(cm(ws, "default", "a"), "{}", Map.of()))));
        var conflict = failure(store.update(write(cm(ws, "default", "a"), "{}", Map.of()), Preconditions.resourceVersion(7)));
        assertInstanceOf(StorageException.Conflict.class, conflict);
        assertEquals(1, ((StorageException.Conflict) conflict).currentRevision());
        assertInstanceOf(StorageException.NotFound.class,
                failure(store.update(write(cm(ws, "default", "missing"), "{}", Map.of()), Preconditions.NONE)));
        assertInstanceOf(StorageException.Conflict.class,
                failure(store.delete(cm(ws, "default", "a"), new Preconditions(UUID.randomUUID().toString(), null))));
        assertInstanceOf(StorageException.NotFound.class, failure(store.delete(cm(ws, "default", "b"), Preconditions.NONE)));
        assertEquals(1L, await(store.currentRevision(ws)), "no failed write may consume a revision");
        StoredObject next = await(store.create(write(cm(ws, "default", "b"), "{}", Map.of())));
        assertEquals(2, next.resourceVersion());
    }

    @Test
    void deleteHonoursUidAndRevisionPreconditions() {
        long ws = newWorkspace();
        StoredObject a = await(store.create(write(cm(ws, "default", "a"), "{}", Map.of())));
        assertInstanceOf(StorageException.Conflict.class,
                failure(store.delete(a.key(), Preconditions.resourceVersion(a.resourceVersion() + 1))));
        StoredObject gone = await(store.delete(a.key(), new Preconditions(a.uid(), a.resourceVersion())));
        assertEquals(a.uid(), gone.uid());
    }

    @Test
    void workspacesAreIsolatedAndDeletionRemovesEverything() {
        long one = newWorkspace();
        long two = newWorkspace();
        await(store.create(write(cm(one, "default", "same"), "{\"ws\":1}", Map.of())));
        await(store.create(write(cm(two, "default", "same"), "{\"ws\":2}", Map.of())));
        assertArrayEquals("{\"ws\":1}".getBytes(), await(store.get(cm(one, "default", "same"))).body());
        assertArrayEquals("{\"ws\":2}".getBytes(), await(store.get(cm(two, "default", "same"))).body());
        assertEquals(1, await(store.list(ListRequest.all(cm(one, "", "x").scope()))).items().size());

        String name = await(store.listWorkspaces()).stream().filter(w -> w.id() == one).findFirst().orElseThrow().name();
        await(store.deleteWorkspace(name));
        assertInstanceOf(StorageException.NotFound.class, failure(store.get(cm(one, "default", "same"))));
        assertInstanceOf(StorageException.NotFound.class, failure(store.getWorkspace(name)));
        assertInstanceOf(StorageException.NotFound.class, failure(store.deleteWorkspace(name)));
        assertInstanceOf(StorageException.NotFound.class,
                failure(store.create(write(cm(one, "default", "late"), "{}", Map.of()))));
        var rows = await(store.pool().preparedQuery("SELECT (SELECT count(*) FROM objects WHERE workspace_id = $1)"
                + " + (SELECT count(*) FROM events WHERE workspace_id = $1)").execute(io.vertx.sqlclient.Tuple.of(one)));
        assertEquals(0L, rows.iterator().next().getLong(0), "no row of a deleted workspace may remain");
        assertArrayEquals("{\"ws\":2}".getBytes(), await(store.get(cm(two, "default", "same"))).body());
    }

    @Test
    void workspaceNamesAreUniqueAndEnsureIsIdempotent() {
        String name = "uniq-" + UUID.randomUUID();
        Workspace first = await(store.ensureWorkspace(name));
        assertEquals(first.id(), await(store.ensureWorkspace(name)).id());
        assertInstanceOf(StorageException.AlreadyExists.class, failure(store.createWorkspace(name, null)));
        assertInstanceOf(StorageException.InvalidArgument.class, failure(store.createWorkspace("", null)));
        assertInstanceOf(StorageException.InvalidArgument.class, failure(store.createWorkspace("a/b", null)));
    }

    @Test
    void badKeysAreClearErrorsNotExceptions() {
        long ws = newWorkspace();
        var empty = failure(store.get(cm(ws, "default", "")));
        assertInstanceOf(StorageException.InvalidArgument.class, empty);
        assertTrue(empty.getMessage().contains("name must not be empty"), empty.getMessage());
        var slash = failure(store.create(write(cm(ws, "default", "a/b"), "{}", Map.of())));
        assertTrue(slash.getMessage().contains("must not contain '/'"), slash.getMessage());
        var nul = failure(store.create(write(cm(ws, "default", "a\u0000b"), "{}", Map.of())));
        assertInstanceOf(StorageException.InvalidArgument.class, nul);
        var tooLong = failure(store.get(cm(ws, "default", "x".repeat(254))));
        assertTrue(tooLong.getMessage().contains("no more than 253"), tooLong.getMessage());
        assertInstanceOf(StorageException.InvalidArgument.class,
                failure(store.get(new ObjectKey(ws, "", "", "default", "a"))));
        assertInstanceOf(StorageException.InvalidArgument.class,
                failure(store.get(new ObjectKey(0, "", "configmaps", "default", "a"))));
        assertInstanceOf(StorageException.InvalidArgument.class, failure(store.create(
                new ObjectWrite(cm(ws, "default", "u"), "not-a-uuid", 1, Map.of(), "{}".getBytes()))));
        assertInstanceOf(StorageException.NotFound.class, failure(store.get(cm(ws + 1000, "default", "a"))));
        assertEquals(0L, await(store.currentRevision(ws)));
    }

    @Test
    void dependentsAreFoundThroughTheOwnerIndexAcrossResources() {
        long ws = newWorkspace();
        StoredObject owner = await(store.create(write(cm(ws, "n", "owner"), "{}", Map.of())));
        String other = UUID.randomUUID().toString();
        await(store.create(new ObjectWrite(new ObjectKey(ws, "apps", "replicasets", "n", "rs"), UUID.randomUUID().toString(),
                1, Map.of(), "{}".getBytes(), java.util.List.of(owner.uid()))));
        await(store.create(new ObjectWrite(cm(ws, "n", "both"), UUID.randomUUID().toString(), 1, Map.of(), "{}".getBytes(),
                java.util.List.of(other, owner.uid()))));
        await(store.create(new ObjectWrite(cm(ws, "n", "stranger"), UUID.randomUUID().toString(), 1, Map.of(),
                "{}".getBytes(), java.util.List.of(other))));
        var found = await(store.dependents(ws, owner.uid())).stream().map(o -> o.key().resource() + "/" + o.key().name())
                .sorted().toList();
        assertEquals(java.util.List.of("configmaps/both", "replicasets/rs"), found);
        // An update that drops the reference takes the object out of the index.
        await(store.update(write(cm(ws, "n", "both"), "{}", Map.of()), Preconditions.NONE));
        assertEquals(1, await(store.dependents(ws, owner.uid())).size());
        assertEquals(0, await(store.dependents(newWorkspace(), owner.uid())).size(), "dependents never cross workspaces");
        assertInstanceOf(StorageException.InvalidArgument.class, failure(store.dependents(ws, "not-a-uid")));
    }

    @Test
    void uidsDifferPerObject() {
        long ws = newWorkspace();
        StoredObject a = await(store.create(write(cm(ws, "n", "a"), "{}", Map.of())));
        StoredObject b = await(store.create(write(cm(ws, "n", "b"), "{}", Map.of())));
        assertNotEquals(a.uid(), b.uid());
    }
}
