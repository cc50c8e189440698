package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkspaceSeedIT {
    static Vertx vertx;
    static PgStore store;
    static long root;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Path keyFile = Files.createTempDirectory("seed-keys").resolve("keys");
        EncryptionKeys keys = EncryptionKeys.createFile(keyFile);
        store = TestPostgres.store(vertx, TestPostgres.freshDatabase(),
                TestPostgres.quickOptions().withEncryption(keys, Set.of("/secrets")));
        root = await(store.createWorkspace("root", null)).id();
    }

    @AfterAll
    static void stop() {
        await(store.closeAsync());
        await(vertx.close());
    }

    private static ObjectKey key(long ws, String resource, String ns, String name) {
        return new ObjectKey(ws, "", resource, ns, name);
    }

    private static WorkspaceSeed seed(Workspace ws, int objects, String recordName) {
        List<ObjectWrite> writes = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            writes.add(write(key(ws.id(), "configmaps", "default", "cm-" + i), "{\"i\":" + i + "}", Map.of("n", "" + i)));
        }
        writes.add(new ObjectWrite(key(ws.id(), "secrets", "default", "s"), UUID.randomUUID().toString(), 1, Map.of(),
                "{\"data\":\"top-secret\"}".getBytes(StandardCharsets.UTF_8), List.of(writes.get(0).uid())));
        return new WorkspaceSeed(writes, List.of(write(key(root, "workspaces", "", recordName), "{\"kind\":\"Workspace\"}", Map.of())));
    }

    @Test
    void aWorkspaceIsCreatedWithItsObjectsAndRecordInOneGo() {
        String name = "ws-" + UUID.randomUUID();
        long rootBefore = await(store.currentRevision(root));
        CreatedWorkspace created = await(store.createWorkspace(name, "{\"ttl\":\"5m\"}", ws -> seed(ws, 500, name)));

        assertEquals(501, created.workspace().resourceVersion(), "objects take revisions 1..n");
        assertEquals(501L, await(store.currentRevision(created.workspace().id())));
        assertEquals(rootBefore + 1, created.records().get(0).resourceVersion(), "the record is an ordinary write in root");
        List<StoredObject> contents = await(store.contents(created.workspace().id()));
        assertEquals(501, contents.size());
        StoredObject secret = contents.stream().filter(o -> o.key().resource().equals("secrets")).findFirst().orElseThrow();
        assertArrayEquals("{\"data\":\"top-secret\"}".getBytes(StandardCharsets.UTF_8), secret.body(), "contents come back decrypted");
        Buffers raw = rawBody(created.workspace().id(), "secrets", "s");
        assertTrue(raw.keyId != null && !new String(raw.bytes, StandardCharsets.UTF_8).contains("top-secret"),
                "seeded Secrets are encrypted at rest like any other");
        String owner = contents.stream().filter(o -> o.key().name().equals("cm-0")).findFirst().orElseThrow().uid();
        assertEquals(List.of("s"), await(store.dependents(created.workspace().id(), owner)).stream()
                .map(o -> o.key().name()).toList(), "owner references are indexed for GC");
        ListResult page = await(store.list(ListRequest.all(
                new ResourceScope(created.workspace().id(), "", "configmaps", "default"))));
        assertEquals(500, page.items().size());
    }

    @Test
    void aFailingRecordLeavesNoWorkspaceBehind() {
        String taken = "taken-" + UUID.randomUUID();
        await(store.create(write(key(root, "workspaces", "", taken), "{}", Map.of())));
        long rootBefore = await(store.currentRevision(root));
        String name = "ws-" + UUID.randomUUID();
        assertInstanceOf(StorageException.AlreadyExists.class, failure(store.createWorkspace(name, null, ws -> seed(ws, 3, taken))));
        assertInstanceOf(StorageException.NotFound.class, failure(store.getWorkspace(name)), "rolled back as a whole");
        assertEquals(rootBefore, await(store.currentRevision(root)));
    }

    @Test
    void deletingAWorkspaceRemovesItsRecordsInTheSameTransaction() {
        String name = "ws-" + UUID.randomUUID();
        CreatedWorkspace created = await(store.createWorkspace(name, null, ws -> seed(ws, 2, name)));
        long rootBefore = await(store.currentRevision(root));
        List<StoredObject> gone = await(store.deleteWorkspace(name, List.of(key(root, "workspaces", "", name),
                key(root, "workspaces", "", "never-existed"))));
        assertEquals(1, gone.size());
        assertEquals(rootBefore + 1, await(store.currentRevision(root)), "a missing record takes no revision");
        assertInstanceOf(StorageException.NotFound.class, failure(store.getWorkspace(name)));
        assertInstanceOf(StorageException.NotFound.class, failure(store.get(key(root, "workspaces", "", name))));
        assertEquals(0, await(store.contents(created.workspace().id())).size());
        assertInstanceOf(StorageException.NotFound.class, failure(store.deleteWorkspace(name, List.of())));
    }

    private record Buffers(byte[] bytes, String keyId) {
    }

    private static Buffers rawBody(long ws, String resource, String name) {
        var rows = await(store.pool().preparedQuery("SELECT body, key_id FROM objects WHERE workspace_id = $1 AND resource = $2 AND name = $3")
                .execute(io.vertx.sqlclient.Tuple.of(ws, resource, name)));
        var row = rows.iterator().next();
        return new Buffers(row.getBuffer(0).getBytes(), row.getString(1));
    }
}
