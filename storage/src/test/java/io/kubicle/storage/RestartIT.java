package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void aSecondStartOnTheSameDataDirectoryFindsEverything() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            long ws;
            String uid;
            try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir.resolve("postgres"))) {
                PgStore store = TestPostgres.store(vertx, pg.connectOptions(), TestPostgres.quickOptions());
                ws = await(store.createWorkspace("survivor", "{\"ttl\":\"1h\"}")).id();
                uid = await(store.create(write(new ObjectKey(ws, "", "configmaps", "default", "kept"), "{\"k\":1}",
                        Map.of("a", "b")))).uid();
                await(store.update(write(new ObjectKey(ws, "", "configmaps", "default", "kept"), "{\"k\":2}",
                        Map.of("a", "b")), Preconditions.NONE));
                await(store.closeAsync());
            }
            try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dataDir.resolve("postgres"))) {
                PgStore store = TestPostgres.store(vertx, pg.connectOptions(), TestPostgres.quickOptions());
                Workspace again = await(store.getWorkspace("survivor"));
                assertEquals(ws, again.id());
                assertEquals(2, again.resourceVersion());
                assertTrue(again.specJson().contains("1h"));
                StoredObject kept = await(store.get(new ObjectKey(ws, "", "configmaps", "default", "kept")));
                assertEquals(uid, kept.uid());
                assertArrayEquals("{\"k\":2}".getBytes(), kept.body());
                assertEquals(3, await(store.create(write(new ObjectKey(ws, "", "configmaps", "default", "next"), "{}",
                        Map.of()))).resourceVersion(), "the revision counter continues where it stopped");
                var versions = await(store.pool().query("SELECT count(*) FROM schema_migrations").execute());
                assertEquals((long) Migrations.latestVersion(), versions.iterator().next().getLong(0),
                        "migrations apply once, not once per start");
                await(store.closeAsync());
            }
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void aDatabaseFromANewerKubicleIsRefused() {
        Vertx vertx = Vertx.vertx();
        try {
            var db = TestPostgres.freshDatabase();
            PgStore store = TestPostgres.store(vertx, db, TestPostgres.quickOptions());
            await(store.pool().preparedQuery("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')")
                    .execute(Tuple.of(Migrations.latestVersion() + 1)));
            await(store.closeAsync());
            Throwable e = failure(PgStore.start(vertx, db, TestPostgres.quickOptions()));
            assertInstanceOf(StorageException.Unavailable.class, e);
            assertTrue(e.getMessage().contains("newer than this Kubicle supports"), e.getMessage());
        } finally {
            await(vertx.close());
        }
    }
}
