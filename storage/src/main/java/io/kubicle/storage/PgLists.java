package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists in key order, optionally at an older revision. The state of a scope at revision R is the
 * objects not written since R, plus, for each key changed after R, the state before its first change
 * after R (taken from the event history). That is what lets every page of a paged list show the
 * scope as of the first page, as etcd does, while writes go on.
 */
final class PgLists {
    private static final String OBJECT_COLUMNS = "namespace, name, uid, rv, generation, labels, body, key_id";

    private final Pool pool;
    private final RowCodec codec;

    PgLists(Pool pool, RowCodec codec) {
        this.pool = pool;
        this.codec = codec;
    }

    Future<ListResult> list(ListRequest request) {
        ResourceScope scope = request.scope().validate();
        ContinueToken after = request.continueToken() == null || request.continueToken().isEmpty()
                ? null : ContinueToken.decode(request.continueToken());
        long pinned = after != null ? after.revision() : request.atRevision();
        Tuple args = Tuple.tuple().addLong(scope.workspaceId()).addString(scope.group()).addString(scope.resource());
        StringBuilder sql = new StringBuilder();
        // Workspace revision and compaction point, read in the same snapshot as the rows.
        sql.append("WITH ws AS (SELECT rv, compacted_rv FROM workspaces WHERE id = $1), items AS (");
        String scopeFilter = scopeFilter(scope, args);
        String keyFilter = "";
        if (after != null) {
            keyFilter = " AND (namespace, name) > (" + LabelSql.param(args, after.namespace()) + ", " + LabelSql.param(args, after.name()) + ")";
        }
        if (pinned == 0) {
            sql.append("SELECT ").append(OBJECT_COLUMNS).append(" FROM objects WHERE ").append(scopeFilter).append(keyFilter);
        } else {
            String at = LabelSql.param(args, pinned);
            sql.append("SELECT ").append(OBJECT_COLUMNS).append(" FROM objects WHERE ").append(scopeFilter).append(keyFilter)
                    .append(" AND rv <= ").append(at)
                    .append(" UNION ALL SELECT namespace, name, uid, prev_rv, prev_generation, prev_labels,")
                    .append(" coalesce(prev_body, body), CASE WHEN prev_body IS NULL THEN key_id ELSE prev_key_id END")
                    .append(" FROM (SELECT DISTINCT ON (namespace, name) * FROM events WHERE ").append(scopeFilter)
                    .append(keyFilter).append(" AND rv > ").append(at)
                    .append(" ORDER BY namespace, name, rv) first_change WHERE type <> 1");
        }
        sql.append(") SELECT ws.rv, ws.compacted_rv, items.namespace, items.name, items.uid, items.rv, items.generation,")
                .append(" items.labels::text, items.body, items.key_id")
                .append(" FROM ws LEFT JOIN LATERAL (SELECT * FROM items WHERE true");
        LabelSql.append(request.selector(), "items.labels", sql, args);
        sql.append(" ORDER BY namespace, name");
        if (request.limit() > 0) {
            sql.append(" LIMIT ").append(LabelSql.param(args, (long) request.limit() + 1));
        }
        sql.append(") items ON true");
        return pool.preparedQuery(sql.toString()).execute(args)
                .recover(e -> PgErrors.translate(e, "list of " + scope.resource()))
                .compose(rows -> page(request, scope, pinned, rows));
    }

    private Future<ListResult> page(ListRequest request, ResourceScope scope, long pinned, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Future.failedFuture(new StorageException.NotFound("workspace " + scope.workspaceId() + " does not exist"));
        }
        List<StoredObject> items = new ArrayList<>();
        long current = 0;
        long compacted = 0;
        for (Row row : rows) {
            current = row.getLong(0);
            compacted = row.getLong(1);
            if (row.getString(3) == null) {
                continue; // the LEFT JOIN's empty match: the scope holds nothing
            }
            ObjectKey key = new ObjectKey(scope.workspaceId(), scope.group(), scope.resource(), row.getString(2),
                    row.getString(3));
            items.add(ObjectColumns.read(row, 4, key, codec));
        }
        if (pinned > 0 && pinned < compacted) {
            return Future.failedFuture(new StorageException.Expired("revision " + pinned
                    + " has been compacted (oldest available is " + compacted + "); list again from the start", compacted));
        }
        if (pinned > current) {
            return Future.failedFuture(new StorageException.TooLargeRevision("revision " + pinned
                    + " is newer than the current revision " + current, current));
        }
        long listRevision = pinned > 0 ? pinned : current;
        String token = null;
        if (request.limit() > 0 && items.size() > request.limit()) {
            items = items.subList(0, request.limit());
            StoredObject last = items.get(items.size() - 1);
            token = new ContinueToken(listRevision, last.key().namespace(), last.key().name()).encode();
        }
        return Future.succeededFuture(new ListResult(items, listRevision, token));
    }

    private static String scopeFilter(ResourceScope scope, Tuple args) {
        String filter = "workspace_id = $1 AND api_group = $2 AND resource = $3";
        if (!scope.allNamespaces()) {
            filter += " AND namespace = " + LabelSql.param(args, scope.namespace());
        }
        return filter;
    }
}
