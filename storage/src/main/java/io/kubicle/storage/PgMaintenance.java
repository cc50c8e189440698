package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Background upkeep: compaction of old history and re-encryption after a key rotation. Neither
 * takes a revision, since neither changes what an object says. Also finds expired objects, which the
 * caller then deletes as any other write.
 */
final class PgMaintenance {
    private static final int BATCH = 200;
    private static final String COMPACT = """
            WITH del AS (DELETE FROM events WHERE created_at < clock_timestamp() - make_interval(secs => $1)
                         RETURNING workspace_id, rv),
            moved AS (UPDATE workspaces w SET compacted_rv = greatest(w.compacted_rv, d.max_rv)
                      FROM (SELECT workspace_id, max(rv) AS max_rv FROM del GROUP BY workspace_id) d
                      WHERE w.id = d.workspace_id RETURNING w.id)
            SELECT (SELECT count(*) FROM del), (SELECT count(*) FROM moved)""";

    /** Objects of ($1, $2) whose expiry label is before $3, at most $4; each condition is the index's own. */
    static final String EXPIRED = "SELECT workspace_id, api_group, resource, namespace, name, " + ObjectColumns.SELECT
            + " FROM objects WHERE labels ? '" + ExpiringObjects.LABEL + "' AND api_group = $1 AND resource = $2"
            + " AND (labels ->> '" + ExpiringObjects.LABEL + "') COLLATE \"C\" < $3"
            + " ORDER BY (labels ->> '" + ExpiringObjects.LABEL + "') COLLATE \"C\" LIMIT $4";

    private final Pool pool;
    private final RowCodec codec;
    private final StoreOptions options;

    PgMaintenance(Pool pool, RowCodec codec, StoreOptions options) {
        this.pool = pool;
        this.codec = codec;
        this.options = options;
    }

    /** Removes history older than {@code retention}; yields the number of events removed. */
    Future<Long> compact(Duration retention) {
        double seconds = retention.toMillis() / 1000.0;
        return pool.preparedQuery(COMPACT).execute(Tuple.of(seconds))
                .map(rows -> rows.iterator().next().getLong(0))
                .recover(e -> PgErrors.translate(e, "compaction"));
    }

    /**
     * Re-seals every body whose key is not the primary one (or that should be encrypted and is
     * not), in small batches; yields the number of bodies rewritten. Safe to run while writes go on:
     * a row rewritten by a writer meanwhile no longer matches and is left alone.
     */
    Future<Long> reencrypt() {
        return reencryptObjects(0).compose(n -> reencryptEvents("body", "key_id", n))
                .compose(n -> reencryptEvents("prev_body", "prev_key_id", n));
    }

    private String staleCondition(String bodyColumn, String keyColumn, Tuple args) {
        String primary = options.keys() == null ? null : options.keys().primaryId();
        args.addString(primary).addArrayOfString(options.encryptedResources().toArray(String[]::new));
        int p = args.size() - 1;
        return bodyColumn + " IS NOT NULL AND ((" + keyColumn + " IS NOT NULL AND " + keyColumn + " IS DISTINCT FROM $" + p
                + ") OR (" + keyColumn + " IS NULL AND $" + p + "::text IS NOT NULL AND api_group || '/' || resource = ANY($"
                + (p + 1) + ")))";
    }

    private Future<Long> reencryptObjects(long done) {
        Tuple args = Tuple.tuple();
        String sql = "SELECT workspace_id, api_group, resource, namespace, name, body, key_id FROM objects WHERE "
                + staleCondition("body", "key_id", args) + " LIMIT " + BATCH;
        return pool.preparedQuery(sql).execute(args).compose(rows -> {
            List<Tuple> updates = new ArrayList<>();
            for (Row row : rows) {
                ObjectKey key = key(row, row.getLong(0));
                RowCodec.SealedBody sealed = codec.seal(key, codec.open(key, row.getBuffer(5), row.getString(6)));
                updates.add(PgWrites.keyArgs(key).addBuffer(sealed.bytes()).addString(sealed.keyId())
                        .addString(row.getString(6)));
            }
            if (updates.isEmpty()) {
                return Future.succeededFuture(done);
            }
            return pool.preparedQuery("UPDATE objects SET body = $6, key_id = $7 WHERE workspace_id = $1 AND api_group = $2"
                            + " AND resource = $3 AND namespace = $4 AND name = $5 AND key_id IS NOT DISTINCT FROM $8")
                    .executeBatch(updates)
                    .compose(v -> rows.size() < BATCH ? Future.succeededFuture(done + updates.size())
                            : reencryptObjects(done + updates.size()));
        });
    }

    private Future<Long> reencryptEvents(String bodyColumn, String keyColumn, long done) {
        Tuple args = Tuple.tuple();
        String sql = "SELECT workspace_id, api_group, resource, namespace, name, " + bodyColumn + ", " + keyColumn
                + ", rv FROM events WHERE " + staleCondition(bodyColumn, keyColumn, args) + " LIMIT " + BATCH;
        return pool.preparedQuery(sql).execute(args).compose((RowSet<Row> rows) -> {
            List<Tuple> updates = new ArrayList<>();
            for (Row row : rows) {
                ObjectKey key = key(row, row.getLong(0));
                RowCodec.SealedBody sealed = codec.seal(key, codec.open(key, row.getBuffer(5), row.getString(6)));
                updates.add(Tuple.of(row.getLong(0), row.getLong(7)).addBuffer(sealed.bytes())
                        .addString(sealed.keyId()).addString(row.getString(6)));
            }
            if (updates.isEmpty()) {
                return Future.succeededFuture(done);
            }
            return pool.preparedQuery("UPDATE events SET " + bodyColumn + " = $3, " + keyColumn + " = $4"
                            + " WHERE workspace_id = $1 AND rv = $2 AND " + keyColumn + " IS NOT DISTINCT FROM $5")
                    .executeBatch(updates)
                    .compose(v -> rows.size() < BATCH ? Future.succeededFuture(done + updates.size())
                            : reencryptEvents(bodyColumn, keyColumn, done + updates.size()));
        });
    }

    /** See {@link ExpiringObjects#expiredBefore}. */
    Future<List<StoredObject>> expiredBefore(String group, String resource, java.time.Instant before, int limit) {
        return pool.preparedQuery(EXPIRED).execute(Tuple.of(group, resource, ExpiringObjects.labelValue(before), limit))
                .recover(e -> PgErrors.translate(e, "expired " + resource))
                .map(rows -> {
                    List<StoredObject> found = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        found.add(ObjectColumns.read(row, 5, key(row, row.getLong(0)), codec));
                    }
                    return found;
                });
    }

    private static ObjectKey key(Row row, long workspaceId) {
        return new ObjectKey(workspaceId, row.getString(1), row.getString(2), row.getString(3), row.getString(4));
    }
}
