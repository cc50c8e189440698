package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a fresh workspace's objects with one statement: arrays in, one row per object and one
 * creation event each, revisions 1..n in the given order, and the workspace counter set to n. A
 * 500-object blueprint thus costs one round trip, not 500.
 */
final class PgSeeds {
    private static final String SEED = """
            WITH input AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::int8[],
                                     $8::text[], $9::bytea[], $10::text[], $11::text[])
                    WITH ORDINALITY AS t(g, r, ns, n, uid, gen, labels, body, key_id, owners, ord)),
            ins AS (INSERT INTO objects (workspace_id, api_group, resource, namespace, name, uid, rv, generation,
                                         labels, body, key_id, owners)
                    SELECT $1, g, r, ns, n, uid, ord, gen, labels::jsonb, body, key_id,
                           string_to_array(owners, ',')::uuid[] FROM input),
            ev AS (INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                       labels, body, key_id)
                   SELECT $1, ord, 1, g, r, ns, n, uid, gen, labels::jsonb, body, key_id FROM input)
            UPDATE workspaces SET rv = (SELECT count(*) FROM input) WHERE id = $1 RETURNING rv""";

    private static final String CONTENTS = "SELECT api_group, resource, namespace, name, " + ObjectColumns.SELECT
            + " FROM objects WHERE workspace_id = $1 ORDER BY api_group, resource, namespace, name";

    private final RowCodec codec;

    PgSeeds(RowCodec codec) {
        this.codec = codec;
    }

    /** Inserts {@code writes} (all keyed to {@code workspaceId}, which must be empty); yields the new revision. */
    Future<Long> seed(SqlConnection conn, long workspaceId, List<ObjectWrite> writes) {
        if (writes.isEmpty()) {
            return Future.succeededFuture(0L);
        }
        WriteArrays columns = new WriteArrays(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            ObjectWrite write = writes.get(i);
            ObjectKey key = write.key().validate();
            if (key.workspaceId() != workspaceId) {
                throw new StorageException.InvalidArgument("seed object " + key + " belongs to another workspace");
            }
            columns.set(i, key, RowCodec.uuid(write.uid()), write, codec.seal(key, write.body()));
        }
        Tuple args = columns.appendTo(Tuple.tuple().addLong(workspaceId));
        return conn.preparedQuery(SEED).execute(args).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Every object of a workspace, decrypted, in key order (for blueprints and exports). */
    Future<List<StoredObject>> contents(SqlConnection conn, long workspaceId) {
        return conn.preparedQuery(CONTENTS).execute(Tuple.of(workspaceId)).map(rows -> {
            List<StoredObject> all = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ObjectKey key = new ObjectKey(workspaceId, row.getString(0), row.getString(1), row.getString(2),
                        row.getString(3));
                all.add(ObjectColumns.read(row, 4, key, codec));
            }
            return all;
        });
    }
}
