package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in Postgres, beside the workspace it belongs to. Records are buffered and written in
 * batches (one statement per flush) off the request path; records of a workspace deleted meanwhile
 * are dropped by the statement itself rather than failing the batch.
 */
public final class PgAuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgAuditLog.class);
    private static final int MAX_BUFFER = 10_000;
    private static final String INSERT = """
            INSERT INTO audit_events (workspace_id, audit_id, received_at, completed_at, username, groups, verb, request_uri,
                                      api_group, api_version, resource, subresource, namespace, name, code)
            SELECT t.ws, t.aid, t.rcv, t.cpl, t.usr, string_to_array(t.grp, E'\\n'), t.verb, t.uri, t.g, t.v, t.r, t.sr, t.ns, t.n, t.code
            FROM unnest($1::int8[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int4[])
                 WITH ORDINALITY AS t(ws, aid, rcv, cpl, usr, grp, verb, uri, g, v, r, sr, ns, n, code, ord)
            WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = t.ws)
            ORDER BY t.ord""";
    private static final String READ = "SELECT id, audit_id, received_at, completed_at, username, groups, verb, request_uri,"
            + " api_group, api_version, resource, subresource, namespace, name, code FROM audit_events"
            + " WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3";

    private final Vertx vertx;
    private final Pool pool;
    private final long timer;
    private List<AuditRecord> buffer = new ArrayList<>();
    private boolean flushing;

    public PgAuditLog(Vertx vertx, PgStore store, long flushMillis) {
        this.vertx = vertx;
        this.pool = store.pool();
        this.timer = vertx.setPeriodic(flushMillis, t -> flush());
    }

    /** Queues a record; it reaches the database within one flush interval. */
    public synchronized void append(AuditRecord record) {
        if (buffer.size() >= MAX_BUFFER) {
            LOG.warn("audit buffer full ({} records): the database is not keeping up; dropping a record of workspace {}",
                    MAX_BUFFER, record.workspaceId());
            return;
        }
        buffer.add(record);
    }

    /** Writes what is buffered; yields how many records were offered. */
    public Future<Integer> flush() {
        List<AuditRecord> batch;
        synchronized (this) {
            if (flushing || buffer.isEmpty()) {
                return Future.succeededFuture(0);
            }
            batch = buffer;
            buffer = new ArrayList<>();
            flushing = true;
        }
        return pool.preparedQuery(INSERT).execute(arrays(batch)).map(rows -> batch.size())
                .onComplete(r -> {
                    synchronized (this) {
                        flushing = false;
                    }
                    if (r.failed()) {
                        LOG.warn("could not write {} audit records", batch.size(), r.cause());
                    }
                });
    }

    /** Records of a workspace after record id {@code after}, oldest first. */
    public Future<List<AuditRecord>> read(long workspaceId, long after, int limit) {
        return flush().recover(e -> Future.succeededFuture(0))
                .compose(n -> pool.preparedQuery(READ).execute(Tuple.of(workspaceId, after, limit)))
                .recover(e -> PgErrors.translate(e, "audit log of workspace " + workspaceId))
                .map(rows -> {
                    List<AuditRecord> all = new ArrayList<>();
                    for (Row row : rows) {
                        all.add(new AuditRecord(workspaceId, row.getLong(0), row.getUUID(1).toString(),
                                row.getOffsetDateTime(2).toInstant(), row.getOffsetDateTime(3).toInstant(), row.getString(4),
                                List.of(row.getArrayOfStrings(5)), row.getString(6), row.getString(7), row.getString(8),
                                row.getString(9), row.getString(10), row.getString(11), row.getString(12), row.getString(13),
                                row.getInteger(14)));
                    }
                    return all;
                });
    }

    private static Tuple arrays(List<AuditRecord> batch) {
        int n = batch.size();
        Long[] ws = new Long[n];
        UUID[] ids = new UUID[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        OffsetDateTime[] completed = new OffsetDateTime[n];
        String[] users = new String[n];
        String[] groups = new String[n];
        String[] verbs = new String[n];
        String[] uris = new String[n];
        String[] apiGroups = new String[n];
        String[] versions = new String[n];
        String[] resources = new String[n];
        String[] subresources = new String[n];
        String[] namespaces = new String[n];
        String[] names = new String[n];
        Integer[] codes = new Integer[n];
        for (int i = 0; i < n; i++) {
            AuditRecord r = batch.get(i);
            ws[i] = r.workspaceId();
            ids[i] = UUID.fromString(r.auditId());
            received[i] = r.receivedAt().atOffset(ZoneOffset.UTC);
            completed[i] = r.completedAt().atOffset(ZoneOffset.UTC);
            users[i] = r.username();
            groups[i] = String.join("\n", r.groups());
            verbs[i] = r.verb();
            uris[i] = r.requestUri();
            apiGroups[i] = r.group();
            versions[i] = r.version();
            resources[i] = r.resource();
            subresources[i] = r.subresource();
            namespaces[i] = r.namespace();
            names[i] = r.name();
            codes[i] = r.code();
        }
        return Tuple.tuple().addArrayOfLong(ws).addArrayOfUUID(ids).addArrayOfOffsetDateTime(received)
                .addArrayOfOffsetDateTime(completed).addArrayOfString(users).addArrayOfString(groups)
                .addArrayOfString(verbs).addArrayOfString(uris).addArrayOfString(apiGroups).addArrayOfString(versions)
                .addArrayOfString(resources).addArrayOfString(subresources).addArrayOfString(namespaces)
                .addArrayOfString(names).addArrayOfInteger(codes);
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
