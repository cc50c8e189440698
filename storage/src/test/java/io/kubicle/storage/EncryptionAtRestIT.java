package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionAtRestIT {
    private static final String SECRET = "hunter2-very-secret-password";
    private Vertx vertx;
    private final List<PgStore> stores = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        stores.forEach(s -> await(s.closeAsync()));
        await(vertx.close());
    }

    private PgStore store(PgConnectOptions db, EncryptionKeys keys) {
        PgStore store = TestPostgres.store(vertx, db, TestPostgres.quickOptions().withEncryption(keys, StoreOptions.SECRETS));
        stores.add(store);
        return store;
    }

    private static List<String> rawBodies(PgStore store, long ws) {
        List<String> bodies = new ArrayList<>();
        for (Row row : await(store.pool().preparedQuery("SELECT body FROM objects WHERE workspace_id = $1 UNION ALL "
                + "SELECT body FROM events WHERE workspace_id = $1 UNION ALL "
                + "SELECT prev_body FROM events WHERE workspace_id = $1 AND prev_body IS NOT NULL").execute(Tuple.of(ws)))) {
            bodies.add(new String(row.getBuffer(0).getBytes(), StandardCharsets.ISO_8859_1));
        }
        return bodies;
    }

    private static List<String> keyIds(PgStore store, long ws) {
        List<String> ids = new ArrayList<>();
        for (Row row : await(store.pool().preparedQuery("SELECT key_id FROM objects WHERE workspace_id = $1 AND resource = 'secrets'"
                + " UNION ALL SELECT key_id FROM events WHERE workspace_id = $1 AND resource = 'secrets'"
                + " UNION ALL SELECT prev_key_id FROM events WHERE workspace_id = $1 AND prev_body IS NOT NULL"
                + " AND resource = 'secrets'").execute(Tuple.of(ws)))) {
            ids.add(row.getString(0));
        }
        return ids;
    }

    @Test
    void secretsAreUnreadableInRawRowsButReadableThroughTheStore() throws Exception {
        Path keyFile = dir.resolve("keys");
        PgConnectOptions db = TestPostgres.freshDatabase();
        PgStore store = store(db, EncryptionKeys.createFile(keyFile));
        long ws = await(store.createWorkspace("enc", null)).id();
        ObjectKey secret = new ObjectKey(ws, "", "secrets", "default", "db-password");
        await(store.create(write(secret, "{\"data\":{\"password\":\"" + SECRET + "\"}}", Map.of())));
        await(store.update(write(secret, "{\"data\":{\"password\":\"" + SECRET + "-2\"}}", Map.of()), Preconditions.NONE));
        ObjectKey plain = new ObjectKey(ws, "", "configmaps", "default", "visible");
        await(store.create(write(plain, "{\"data\":{\"note\":\"plain-text-marker\"}}", Map.of())));

        List<String> raw = rawBodies(store, ws);
        assertEquals(6, raw.size());
        assertFalse(raw.stream().anyMatch(b -> b.contains(SECRET)), "a secret must never be stored in plaintext");
        assertTrue(raw.stream().anyMatch(b -> b.contains("plain-text-marker")), "other resources stay plaintext");
        assertTrue(new String(await(store.get(secret)).body()).contains(SECRET + "-2"));

        RecordingListener listener = new RecordingListener();
        await(store.watch(WatchRequest.of(secret.scope(), 0), listener));
        assertTrue(RecordingListener.describe(listener.awaitEvents(2, 5000).get(0)).contains(SECRET));
    }

    @Test
    void rotationReencryptsEveryRowUnderTheNewKey() throws Exception {
        Path keyFile = dir.resolve("keys");
        PgConnectOptions db = TestPostgres.freshDatabase();
        EncryptionKeys oldKeys = EncryptionKeys.createFile(keyFile);
        PgStore before = store(db, oldKeys);
        long ws = await(before.createWorkspace("rotate", null)).id();
        ObjectKey secret = new ObjectKey(ws, "", "secrets", "default", "s");
        await(before.create(write(secret, "{\"v\":\"" + SECRET + "\"}", Map.of())));
        await(before.update(write(secret, "{\"v\":\"" + SECRET + "!\"}", Map.of()), Preconditions.NONE));
        assertTrue(keyIds(before, ws).stream().allMatch(oldKeys.primaryId()::equals));

        // Rotate: the new key goes first, the old one stays for reading.
        Files.writeString(keyFile, EncryptionKeys.line("new-key") + Files.readString(keyFile));
        EncryptionKeys rotated = EncryptionKeys.load(keyFile);
        assertEquals("new-key", rotated.primaryId());
        PgStore after = store(db, rotated);
        assertEquals(4L, await(after.reencrypt()), "object row, two event bodies and one previous body");
        assertEquals(List.of("new-key", "new-key", "new-key", "new-key"), keyIds(after, ws));
        assertEquals(0L, await(after.reencrypt()), "rotation is idempotent");

        // With the old key removed, everything still reads.
        Files.writeString(keyFile, Files.readAllLines(keyFile).stream().filter(l -> l.startsWith("new-key")).findFirst()
                .orElseThrow() + "\n");
        PgStore onlyNew = store(db, EncryptionKeys.load(keyFile));
        assertTrue(new String(await(onlyNew.get(secret)).body()).contains(SECRET + "!"));
        assertEquals(2, await(onlyNew.list(ListRequest.all(secret.scope()).withLimit(1))).items().size() + 1);
        assertFalse(rawBodies(onlyNew, ws).stream().anyMatch(b -> b.contains(SECRET)));

        // A store holding only an unrelated key cannot read, and says why.
        Path otherFile = dir.resolve("other-keys");
        PgStore wrong = store(db, EncryptionKeys.createFile(otherFile));
        Throwable e = failure(wrong.get(secret));
        assertInstanceOf(StorageException.Unavailable.class, e);
        assertTrue(e.getMessage().contains("new-key"), e.getMessage());
    }

    @Test
    void keyFileErrorsNameTheProblem() throws Exception {
        Path bad = dir.resolve("bad");
        Files.writeString(bad, "k1:not-base64!!\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EncryptionKeys.load(bad));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("base64"), e.getMessage());
        Files.writeString(bad, "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EncryptionKeys.load(bad));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        EncryptionKeys keys = EncryptionKeys.createFile(dir.resolve("good"));
        byte[] sealed = keys.encrypt("x".getBytes(), "ws/a");
        assertArrayEquals("x".getBytes(), keys.decrypt(keys.primaryId(), sealed, "ws/a"));
        assertInstanceOf(StorageException.Unavailable.class,
                org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                        () -> keys.decrypt(keys.primaryId(), sealed, "ws/b")), "a body moved to another key must not decrypt");
    }
}
