package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgAuditLogIT {
    static Vertx vertx;
    static PgStore store;
    static PgAuditLog audit;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        store = TestPostgres.store(vertx, TestPostgres.freshDatabase(), TestPostgres.quickOptions());
        audit = new PgAuditLog(vertx, store, 60_000);
    }

    @AfterAll
    static void stop() {
        audit.close();
        await(store.closeAsync());
        await(vertx.close());
    }

    private static AuditRecord record(long ws, String verb, String name, int code) {
        Instant now = Instant.now();
        return new AuditRecord(ws, 0, UUID.randomUUID().toString(), now, now, "alice", List.of("dev", "system:authenticated"),
                verb, "/api/v1/namespaces/default/configmaps/" + name, "", "v1", "configmaps", "", "default", name, code);
    }

    @Test
    void recordsAreKeptPerWorkspaceInOrderAndGoWithTheWorkspace() {
        long a = await(store.createWorkspace("audit-a", null)).id();
        long b = await(store.createWorkspace("audit-b", null)).id();
        audit.append(record(a, "create", "one", 201));
        audit.append(record(b, "delete", "other", 200));
        audit.append(record(a, "update", "one", 409));
        List<AuditRecord> inA = await(audit.read(a, 0, 100));
        assertEquals(List.of("create", "update"), inA.stream().map(AuditRecord::verb).toList());
        assertEquals(List.of("dev", "system:authenticated"), inA.get(0).groups());
        assertEquals(409, inA.get(1).code());
        assertEquals(1, await(audit.read(a, inA.get(0).id(), 100)).size(), "reads page by record id");

        await(store.deleteWorkspace("audit-a"));
        audit.append(record(a, "patch", "late", 200));
        audit.append(record(b, "patch", "fine", 200));
        assertEquals(2, await(audit.flush()), "a record of a deleted workspace does not fail the batch");
        assertEquals(0, await(audit.read(a, 0, 100)).size(), "the log goes with its workspace");
        assertEquals(2, await(audit.read(b, 0, 100)).size());
    }
}
