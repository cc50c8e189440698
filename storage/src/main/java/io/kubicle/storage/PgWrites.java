package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Iterator;
import java.util.UUID;

/**
 * Reads, and the writes that join a caller's transaction (workspace creation and deletion). Each
 * write bumps the workspace counter and appends an event in the same statement as the object
 * change, so the object row, its revision and its history commit together or not at all. Writes
 * of single API requests go through {@link WriteBatches}.
 */
final class PgWrites {
    private static final String PK = "workspace_id = $1 AND api_group = $2 AND resource = $3 AND namespace = $4 AND name = $5";

    private static final String CREATE = """
            WITH bump AS (UPDATE workspaces SET rv = rv + 1 WHERE id = $1 RETURNING rv),
            ins AS (INSERT INTO objects (workspace_id, api_group, resource, namespace, name, uid, rv, generation,
                                         labels, body, key_id, owners)
                    SELECT $1, $2, $3, $4, $5, $6, bump.rv, $7, $8::text::jsonb, $9, $10, $11 FROM bump RETURNING rv),
            ev AS (INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                       labels, body, key_id)
                   SELECT $1, ins.rv, 1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10 FROM ins)
            SELECT rv FROM ins""";

    private static final String GET = "SELECT " + ObjectColumns.SELECT + " FROM objects WHERE " + PK;

    private static final String LOCK = "SELECT uid, rv FROM objects WHERE " + PK + " FOR UPDATE";

    private static final String DELETE = """
            WITH bump AS (UPDATE workspaces SET rv = rv + 1 WHERE id = $1 RETURNING rv),
            del AS (DELETE FROM objects WHERE %1$s RETURNING uid, rv, generation, labels, body, key_id),
            ev AS (INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                       labels, body, key_id, prev_rv, prev_generation, prev_labels)
                   SELECT $1, bump.rv, 3, $2, $3, $4, $5, del.uid, del.generation, del.labels, del.body, del.key_id,
                          del.rv, del.generation, del.labels FROM bump, del)
            SELECT del.uid, bump.rv, del.generation, del.labels::text, del.body, del.key_id FROM bump, del""".formatted(PK);

    private final Pool pool;
    private final RowCodec codec;

    PgWrites(Pool pool, RowCodec codec) {
        this.pool = pool;
        this.codec = codec;
    }

    /** Creates on {@code client}: the pool, or a connection whose transaction the write joins. */
    Future<StoredObject> create(io.vertx.sqlclient.SqlClient client, ObjectWrite write) {
        ObjectKey key = write.key().validate();
        return create(client, write, RowCodec.uuid(write.uid()), codec.seal(key, write.body()));
    }

    /** Creates a write already validated, with its uid parsed and its body sealed. */
    Future<StoredObject> create(io.vertx.sqlclient.SqlClient client, ObjectWrite write, UUID uid,
                                RowCodec.SealedBody sealed) {
        ObjectKey key = write.key();
        Tuple args = keyArgs(key).addUUID(uid).addLong(write.generation())
                .addString(RowCodec.labelsJson(write.labels())).addBuffer(sealed.bytes()).addString(sealed.keyId())
                .addArrayOfUUID(owners(write));
        return client.preparedQuery(CREATE).execute(args)
                .recover(e -> PgErrors.translate(e, describe(key)))
                .compose(rows -> {
                    Long rv = firstLong(rows);
                    if (rv == null) {
                        return Future.failedFuture(new StorageException.NotFound(
                                "workspace " + key.workspaceId() + " does not exist"));
                    }
                    return Future.succeededFuture(stored(write, uid.toString(), rv));
                });
    }

    Future<StoredObject> get(ObjectKey key) {
        key.validate();
        return pool.preparedQuery(GET).execute(keyArgs(key))
                .recover(e -> PgErrors.translate(e, describe(key)))
                .compose(rows -> {
                    Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Future.failedFuture(notFound(key));
                    }
                    return Future.succeededFuture(ObjectColumns.read(it.next(), 0, key, codec));
                });
    }

    /** Deletes on a connection inside the caller's transaction; yields the deleted state, or null if absent. */
    Future<StoredObject> deleteIfPresent(SqlConnection conn, ObjectKey key) {
        key.validate();
        // lock first: the DELETE statement bumps the counter even when no row matches, which would leave a gap
        return conn.preparedQuery(LOCK).execute(keyArgs(key)).compose(locked -> locked.size() == 0
                ? Future.succeededFuture(null)
                : conn.preparedQuery(DELETE).execute(keyArgs(key))
                        .map(rows -> ObjectColumns.read(rows.iterator().next(), 0, key, codec)));
    }

    private static UUID[] owners(ObjectWrite write) {
        return write.owners().stream().map(RowCodec::uuid).toArray(UUID[]::new);
    }

    /** Every object of the workspace that names {@code ownerUid} among its owners. */
    Future<java.util.List<StoredObject>> dependents(long workspaceId, String ownerUid) {
        UUID owner = RowCodec.uuid(ownerUid);
        return pool.preparedQuery("SELECT api_group, resource, namespace, name, " + ObjectColumns.SELECT
                        + " FROM objects WHERE workspace_id = $1 AND owners @> ARRAY[$2]::uuid[]")
                .execute(Tuple.of(workspaceId, owner))
                .recover(e -> PgErrors.translate(e, "dependents of " + ownerUid))
                .map(rows -> {
                    java.util.List<StoredObject> found = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        ObjectKey key = new ObjectKey(workspaceId, row.getString(0), row.getString(1), row.getString(2),
                                row.getString(3));
                        found.add(ObjectColumns.read(row, 4, key, codec));
                    }
                    return found;
                });
    }

    static Tuple keyArgs(ObjectKey key) {
        return Tuple.tuple().addLong(key.workspaceId()).addString(key.group()).addString(key.resource())
                .addString(key.namespace()).addString(key.name());
    }

    private static StoredObject stored(ObjectWrite write, String uid, long rv) {
        return new StoredObject(write.key(), uid, rv, write.generation(), write.labels(), write.body());
    }

    private static Long firstLong(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? it.next().getLong(0) : null;
    }

    static StorageException.NotFound notFound(ObjectKey key) {
        return new StorageException.NotFound(describe(key) + " not found");
    }

    static String describe(ObjectKey key) {
        String resource = key.group().isEmpty() ? key.resource() : key.resource() + "." + key.group();
        String ns = key.namespace().isEmpty() ? "" : key.namespace() + "/";
        return resource + " " + ns + key.name() + " in workspace " + key.workspaceId();
    }
}
