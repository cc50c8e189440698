package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
        int n = writes.size();
        String[] groups = new String[n];
        String[] resources = new String[n];
        String[] namespaces = new String[n];
        String[] names = new String[n];
        UUID[] uids = new UUID[n];
        Long[] generations = new Long[n];
        String[] labels = new String[n];
        Buffer[] bodies = new Buffer[n];
        String[] keyIds = new String[n];
        String[] owners = new String[n];
        for (int i = 0; i < n; i++) {
            ObjectWrite write = writes.get(i);
            ObjectKey key = write.key().validate();
            if (key.workspaceId() != workspaceId) {
                throw new StorageException.InvalidArgument("seed object " + key + " belongs to another workspace");
            }
            RowCodec.SealedBody sealed = codec.seal(key, write.body());
            groups[i] = key.group();
            resources[i] = key.resource();
            namespaces[i] = key.namespace();
            names[i] = key.name();
            uids[i] = RowCodec.uuid(write.uid());
            generations[i] = write.generation();
            labels[i] = RowCodec.labelsJson(write.labels());
            bodies[i] = sealed.bytes();
            keyIds[i] = sealed.keyId();
            owners[i] = String.join(",", write.owners().stream().map(o -> RowCodec.uuid(o).toString()).toList());
        }
        Tuple args = Tuple.tuple().addLong(workspaceId).addArrayOfString(groups).addArrayOfString(resources)
                .addArrayOfString(namespaces).addArrayOfString(names).addArrayOfUUID(uids).addArrayOfLong(generations)
                .addArrayOfString(labels).addArrayOfBuffer(bodies).addArrayOfString(keyIds).addArrayOfString(owners);
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
