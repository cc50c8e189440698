package io.kubicle.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Group commit per workspace. Every write of a workspace takes its revision row lock and holds it
 * until its commit has been flushed, so writes to one workspace commit one at a time whatever the
 * pool size. Instead of queueing inside Postgres, each workspace has at most one batch in flight
 * from this process; writes that arrive meanwhile wait here and go together, in arrival order, as
 * the next batch: one statement, one lock, one WAL flush for all of them ({@code kubicle_write_batch}
 * in the V4 migration). A lone write still goes at once. A workspace has an entry here only while
 * it has writes in flight.
 */
final class WriteBatches {
    private static final int MAX_BATCH = 256;
    /** Bodies may be megabytes each: a batch stops growing at this size (a single larger write still goes alone). */
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final short CREATE = 1;
    private static final short UPDATE = 2;
    private static final short DELETE = 3;
    private static final String CALL = "SELECT idx, outcome, obj_uid, obj_rv, obj_generation, obj_labels, obj_body, obj_key_id"
            + " FROM kubicle_write_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

    /** One write waiting for its batch; {@code write} is null for deletes. */
    private record Pending(short op, ObjectKey key, ObjectWrite write, RowCodec.SealedBody sealed, UUID uid,
                           Preconditions preconditions, Promise<StoredObject> promise, Context context) {
    }

    private static final class Lane {
        final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    }

    private final Pool pool;
    private final RowCodec codec;
    private final PgWrites single;
    private final Map<Long, Lane> lanes = new HashMap<>();

    WriteBatches(Pool pool, RowCodec codec, PgWrites single) {
        this.pool = pool;
        this.codec = codec;
        this.single = single;
    }

    Future<StoredObject> create(ObjectWrite write) {
        ObjectKey key = write.key().validate();
        return submit(CREATE, key, write, codec.seal(key, write.body()), RowCodec.uuid(write.uid()), Preconditions.NONE);
    }

    Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        ObjectKey key = write.key().validate();
        return submit(UPDATE, key, write, codec.seal(key, write.body()), null, checked(preconditions));
    }

    Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return submit(DELETE, key.validate(), null, null, null, checked(preconditions));
    }

    private static Preconditions checked(Preconditions preconditions) {
        if (preconditions.uid() != null) {
            RowCodec.uuid(preconditions.uid());
        }
        return preconditions;
    }

    private Future<StoredObject> submit(short op, ObjectKey key, ObjectWrite write, RowCodec.SealedBody sealed, UUID uid,
                                        Preconditions preconditions) {
        Promise<StoredObject> promise = Promise.promise();
        Pending pending = new Pending(op, key, write, sealed, uid, preconditions, promise, Vertx.currentContext());
        long workspace = key.workspaceId();
        boolean idle;
        synchronized (lanes) {
            Lane lane = lanes.get(workspace);
            idle = lane == null;
            if (idle) {
                lanes.put(workspace, new Lane());
            } else {
                lane.waiting.add(pending);
            }
        }
        if (idle) {
            run(workspace, List.of(pending));
        }
        return promise.future();
    }

    /** Runs one batch; when it is done, the writes that queued meanwhile go as the next one. */
    private void run(long workspace, List<Pending> batch) {
        execute(workspace, batch).onComplete(done -> {
            List<Pending> next;
            synchronized (lanes) {
                Lane lane = lanes.get(workspace);
                if (lane.waiting.isEmpty()) {
                    lanes.remove(workspace);
                    return;
                }
                next = new ArrayList<>(Math.min(lane.waiting.size(), MAX_BATCH));
                long bytes = 0;
                while (!lane.waiting.isEmpty() && next.size() < MAX_BATCH
                        && (next.isEmpty() || bytes + bodySize(lane.waiting.peek()) <= MAX_BATCH_BYTES)) {
                    bytes += bodySize(lane.waiting.peek());
                    next.add(lane.waiting.poll());
                }
            }
            run(workspace, next);
        });
    }

    private static long bodySize(Pending p) {
        return p.sealed() == null ? 0 : p.sealed().bytes().length();
    }

    /**
     * Executes a batch and settles every write in it. When Postgres refuses the whole statement
     * (one write's data it cannot take), it has rolled back: each write is retried alone, so only
     * the offending one fails. Connection failures are not retried: the batch may have committed.
     */
    private Future<Void> execute(long workspace, List<Pending> batch) {
        if (batch.size() == 1 && batch.get(0).op() == CREATE) {
            // a lone create is one plain statement, which costs Postgres less than the batch function
            Pending p = batch.get(0);
            return single.create(pool, p.write(), p.uid(), p.sealed()).onSuccess(stored -> complete(p, stored))
                    .onFailure(e -> fail(p, PgErrors.toStorage(e, PgWrites.describe(p.key())))).<Void>mapEmpty()
                    .otherwiseEmpty();
        }
        Future<RowSet<Row>> call;
        try {
            call = pool.preparedQuery(CALL).execute(arguments(workspace, batch));
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return call.compose(rows -> {
            settle(batch, rows);
            return Future.<Void>succeededFuture();
        }, error -> {
            if (batch.size() > 1 && error instanceof PgException) {
                Future<Void> alone = Future.succeededFuture();
                for (Pending one : batch) {
                    alone = alone.compose(v -> execute(workspace, List.of(one)));
                }
                return alone;
            }
            for (Pending one : batch) {
                fail(one, PgErrors.toStorage(error, PgWrites.describe(one.key())));
            }
            return Future.succeededFuture();
        });
    }

    private static Tuple arguments(long workspace, List<Pending> batch) {
        int n = batch.size();
        WriteArrays columns = new WriteArrays(n);
        Short[] ops = new Short[n];
        UUID[] preUids = new UUID[n];
        Long[] preRevisions = new Long[n];
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            columns.set(i, p.key(), p.uid(), p.write(), p.sealed());
            ops[i] = p.op();
            preUids[i] = p.preconditions().uid() == null ? null : UUID.fromString(p.preconditions().uid());
            preRevisions[i] = p.preconditions().resourceVersion();
        }
        return columns.appendTo(Tuple.tuple().addLong(workspace))
                .addArrayOfShort(ops).addArrayOfUUID(preUids).addArrayOfLong(preRevisions);
    }

    private void settle(List<Pending> batch, RowSet<Row> rows) {
        boolean[] answered = new boolean[batch.size()];
        for (Row row : rows) {
            int i = row.getInteger(0) - 1;
            answered[i] = true;
            Pending p = batch.get(i);
            try {
                outcome(p, row);
            } catch (StorageException e) {
                fail(p, e);
            }
        }
        for (int i = 0; i < answered.length; i++) {
            if (!answered[i]) {
                fail(batch.get(i), new StorageException.Unavailable("no answer for " + PgWrites.describe(batch.get(i).key())
                        + " from the write batch", null));
            }
        }
    }

    private void outcome(Pending p, Row row) {
        short outcome = row.getShort(1);
        ObjectKey key = p.key();
        switch (outcome) {
            case 0 -> {
                String uid = row.getUUID(2).toString();
                long rv = row.getLong(3);
                complete(p, p.op() == DELETE
                        ? new StoredObject(key, uid, rv, row.getLong(4), RowCodec.labels(row.getString(5)),
                                codec.open(key, row.getBuffer(6), row.getString(7)))
                        : new StoredObject(key, uid, rv, p.write().generation(), p.write().labels(), p.write().body()));
            }
            case 1 -> fail(p, new StorageException.AlreadyExists(PgWrites.describe(key) + " already exists"));
            case 2 -> fail(p, PgWrites.notFound(key));
            case 3 -> fail(p, new StorageException.Conflict("precondition failed for " + PgWrites.describe(key)
                    + ": uid is " + row.getUUID(2) + ", not " + p.preconditions().uid(), row.getLong(3)));
            case 4 -> fail(p, new StorageException.Conflict(PgWrites.describe(key) + " was modified: expected revision "
                    + p.preconditions().resourceVersion() + ", found " + row.getLong(3), row.getLong(3)));
            case 5 -> fail(p, new StorageException.NotFound("workspace " + key.workspaceId() + " does not exist"));
            default -> fail(p, new StorageException.Unavailable("unknown write outcome " + outcome, null));
        }
    }

    /** Settles on the caller's context, as a plain pool query would, so callers never hop threads. */
    private static void complete(Pending p, StoredObject result) {
        deliver(p, () -> p.promise().tryComplete(result));
    }

    private static void fail(Pending p, StorageException error) {
        deliver(p, () -> p.promise().tryFail(error));
    }

    private static void deliver(Pending p, Runnable settle) {
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            settle.run();
        } else {
            p.context().runOnContext(v -> settle.run());
        }
    }
}
