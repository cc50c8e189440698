package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expired objects are found across workspaces through their index, and only objects of the asked resource. */
class ExpiringObjectsIT extends StoreTest {
    static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");

    private static Map<String, String> expiring(Instant at) {
        return Map.of(ExpiringObjects.LABEL, ExpiringObjects.labelValue(at), "other", "x");
    }

    private static ObjectKey record(long ws, String name) {
        return new ObjectKey(ws, "kubicle.io", "tokenhashes", "default", name);
    }

    @Test
    void findsWhatExpiredBeforeTheInstantInEveryWorkspaceEarliestFirst() {
        long a = await(store.createWorkspace("expiring-a", null)).id();
        long b = await(store.createWorkspace("expiring-b", null)).id();
        await(store.create(write(record(a, "late"), "{}", expiring(NOW.minusSeconds(1)))));
        await(store.create(write(record(b, "early"), "{}", expiring(NOW.minusSeconds(86_400 * 400)))));
        await(store.create(write(record(a, "live"), "{}", expiring(NOW.plusSeconds(1)))));
        await(store.create(write(record(a, "at-the-instant"), "{}", expiring(NOW))));
        await(store.create(write(record(b, "no-expiry"), "{}", Map.of("other", "x"))));
        await(store.create(write(new ObjectKey(a, "", "configmaps", "default", "tenant-labelled"), "{}",
                expiring(NOW.minusSeconds(3600)))));

        // other tests of the class share the database: only this test's two workspaces count
        List<String> found = names(await(store.expiredBefore("kubicle.io", "tokenhashes", NOW, 100))).stream()
                .filter(n -> n.startsWith(a + "/") || n.startsWith(b + "/")).toList();
        assertEquals(List.of(b + "/early", a + "/late"), found);
        Instant earliest = NOW.minusSeconds(86_400 * 400).plusSeconds(1);
        assertEquals(List.of(b + "/early"), names(await(store.expiredBefore("kubicle.io", "tokenhashes", earliest, 1))));
        StoredObject first = await(store.expiredBefore("kubicle.io", "tokenhashes", earliest, 1)).get(0);
        StoredObject stored = await(store.get(record(b, "early")));
        assertEquals(stored.uid(), first.uid());
        assertEquals(stored.resourceVersion(), first.resourceVersion());
    }

    @Test
    void tokenRecordsWrittenBeforeTheLabelExistedGetItFromTheirBody() {
        long ws = await(store.createWorkspace("expiring-legacy", null)).id();
        await(store.create(write(record(ws, "old"), "{\"expiresAt\":\"2026-12-06T05:00:07.250Z\"}", Map.of("kept", "yes"))));
        await(store.create(write(record(ws, "old-forever"), "{\"serviceAccount\":\"worker\"}", Map.of())));
        await(store.create(write(record(ws, "old-odd"), "{\"expiresAt\":\"soon\"}", Map.of())));
        ObjectKey notARecord = new ObjectKey(ws, "", "configmaps", "default", "expiresAt-in-data");
        await(store.create(write(notARecord, "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}", Map.of())));
        long revision = await(store.currentRevision(ws));

        await(store.pool().query(Migrations.read("V5__expiry_index.sql")).execute());

        assertEquals(List.of(ws + "/old"), names(await(store.expiredBefore("kubicle.io", "tokenhashes", NOW, 10)).stream()
                .filter(o -> o.key().workspaceId() == ws).toList()));
        assertEquals(Map.of("kept", "yes", ExpiringObjects.LABEL, "20261206T050007Z"), await(store.get(record(ws, "old"))).labels());
        assertEquals(Map.of(), await(store.get(record(ws, "old-forever"))).labels());
        assertEquals(Map.of(), await(store.get(record(ws, "old-odd"))).labels());
        assertEquals(Map.of(), await(store.get(notARecord)).labels());
        assertEquals(revision, await(store.currentRevision(ws)), "labelling takes no revision");
    }

    @Test
    void theLabelValueIsFixedWidthSoTextOrderIsTimeOrder() {
        assertEquals("20261206T060000Z", ExpiringObjects.labelValue(NOW));
        assertEquals("20270101T000000Z", ExpiringObjects.labelValue(Instant.parse("2027-01-01T00:00:00Z")));
        assertTrue(ExpiringObjects.labelValue(NOW.minusSeconds(1)).compareTo(ExpiringObjects.labelValue(NOW)) < 0);
    }

    @Test
    void theSweepQueryReadsTheExpiryIndexNotTheTable() {
        String plan = await(store.pool().withTransaction(conn -> conn.query("SET LOCAL enable_seqscan = off").execute()
                .compose(v -> conn.preparedQuery("EXPLAIN " + PgMaintenance.EXPIRED)
                        .execute(Tuple.of("kubicle.io", "tokenhashes", ExpiringObjects.labelValue(NOW), 500)))
                .map(rows -> {
                    List<String> lines = new ArrayList<>();
                    for (Row row : rows) {
                        lines.add(row.getString(0));
                    }
                    return String.join("\n", lines);
                })));
        assertTrue(plan.contains("objects_by_expiry"), plan);
    }

    private static List<String> names(List<StoredObject> objects) {
        return objects.stream().map(o -> o.key().workspaceId() + "/" + o.key().name()).toList();
    }
}
