package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres store: one pool, the schema migrations, the watch feeds and the background upkeep.
 * Holds no per-workspace state unless a workspace is being watched.
 */
public final class PgStore implements Store, Workspaces, ExpiringObjects, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgStore.class);
    private static final String WORKSPACE_COLUMNS = "id, name, rv, created_at, spec::text, status::text";

    private final Vertx vertx;
    private final Pool pool;
    private final StoreOptions options;
    private final PgWrites writes;
    private final WriteBatches batches;
    private final PgLists lists;
    private final PgMaintenance maintenance;
    private final PgSeeds seeds;
    private final WatchHub hub;
    private final ChangeNotifier notifier;
    private long compactionTimer = -1;
    private long safetyTimer = -1;

    private PgStore(Vertx vertx, PgConnectOptions connect, StoreOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(options.poolSize()).setMaxWaitQueueSize(10_000))
                .connectingTo(connect).using(vertx).build();
        RowCodec codec = new RowCodec(options);
        this.writes = new PgWrites(pool, codec);
        this.batches = new WriteBatches(pool, codec, writes);
        this.lists = new PgLists(pool, codec);
        this.maintenance = new PgMaintenance(pool, codec, options);
        this.seeds = new PgSeeds(codec);
        this.hub = new WatchHub(vertx, pool, codec);
        this.notifier = new ChangeNotifier(vertx, pool, connect, hub);
    }

    /** Connects, applies migrations and starts listening for other processes' changes. */
    public static Future<PgStore> start(Vertx vertx, PgConnectOptions connect, StoreOptions options) {
        PgStore store = new PgStore(vertx, connect, options);
        return Migrations.apply(store.pool)
                .recover(e -> PgErrors.translate(e, "schema migration"))
                .compose(v -> store.notifier.start().recover(e -> PgErrors.translate(e, "LISTEN")))
                .map(v -> {
                    store.startTimers();
                    return store;
                })
                .onFailure(e -> store.pool.close());
    }

    private void startTimers() {
        long every = Math.max(1000, options.compactionInterval().toMillis());
        compactionTimer = vertx.setPeriodic(every, t -> compact(options.eventRetention())
                .onFailure(e -> LOG.warn("history compaction failed", e)));
        safetyTimer = vertx.setPeriodic(1000, t -> hub.pokeAll().onFailure(e -> LOG.debug("feed check failed", e)));
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return guard(() -> batches.create(write)).onSuccess(o -> committed(o, WatchEvent.Type.ADDED));
    }

    @Override
    public Future<StoredObject> get(ObjectKey key) {
        return guard(() -> writes.get(key));
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return guard(() -> batches.update(write, preconditions)).onSuccess(o -> committed(o, WatchEvent.Type.MODIFIED));
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return guard(() -> batches.delete(key, preconditions)).onSuccess(o -> committed(o, WatchEvent.Type.DELETED));
    }

    @Override
    public Future<ListResult> list(ListRequest request) {
        return guard(() -> lists.list(request));
    }

    @Override
    public Future<Watch> watch(WatchRequest request, WatchListener listener) {
        return guard(() -> hub.watch(request, listener));
    }

    @Override
    public Future<List<StoredObject>> dependents(long workspaceId, String ownerUid) {
        return guard(() -> writes.dependents(workspaceId, ownerUid));
    }

    @Override
    public Future<Long> currentRevision(long workspaceId) {
        return pool.preparedQuery("SELECT rv FROM workspaces WHERE id = $1").execute(Tuple.of(workspaceId))
                .recover(e -> PgErrors.translate(e, "workspace " + workspaceId))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StorageException.NotFound("workspace " + workspaceId + " does not exist"))
                        : Future.succeededFuture(rows.iterator().next().getLong(0)));
    }

    private void committed(StoredObject object) {
        committed(object, null);
    }

    /** {@code type} null: the kind of change is not known here (the feed reads it back if anyone watches). */
    private void committed(StoredObject object, WatchEvent.Type type) {
        ObjectKey key = object.key();
        notifier.committed(key.workspaceId(), object.resourceVersion(), key.group() + "/" + key.resource(), type, object);
    }

    /** Turns argument errors thrown before any I/O into failed futures, so callers see one failure path. */
    private static <T> Future<T> guard(java.util.function.Supplier<Future<T>> operation) {
        try {
            return operation.get();
        } catch (StorageException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Workspace> createWorkspace(String name, String specJson) {
        try {
            checkWorkspaceName(name);
        } catch (StorageException e) {
            return Future.failedFuture(e);
        }
        return pool.preparedQuery("INSERT INTO workspaces (name, spec) VALUES ($1, $2::text::jsonb) RETURNING "
                        + WORKSPACE_COLUMNS).execute(Tuple.of(name, specJson == null ? "{}" : specJson))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .map(rows -> workspace(rows.iterator().next()));
    }

    @Override
    public Future<CreatedWorkspace> createWorkspace(String name, String specJson,
                                                    java.util.function.Function<Workspace, WorkspaceSeed> seed) {
        try {
            checkWorkspaceName(name);
        } catch (StorageException e) {
            return Future.failedFuture(e);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO workspaces (name, spec) VALUES ($1, $2::text::jsonb)"
                                + " RETURNING " + WORKSPACE_COLUMNS).execute(Tuple.of(name, specJson == null ? "{}" : specJson))
                        .compose(rows -> {
                            Workspace created = workspace(rows.iterator().next());
                            WorkspaceSeed content = seed.apply(created);
                            return seeds.seed(conn, created.id(), content.objects())
                                    .compose(rv -> createAll(conn, content.records()).map(records -> new CreatedWorkspace(
                                            new Workspace(created.id(), created.name(), rv, created.createdAt(),
                                                    created.specJson(), created.statusJson()), records)));
                        }))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .onSuccess(done -> done.records().forEach(this::committed));
    }

    /** Creates one after another on the connection: each bumps its workspace's counter in order. */
    private Future<List<StoredObject>> createAll(io.vertx.sqlclient.SqlConnection conn, List<ObjectWrite> toCreate) {
        Future<List<StoredObject>> chain = Future.succeededFuture(new ArrayList<>());
        for (ObjectWrite write : toCreate) {
            chain = chain.compose(done -> writes.create(conn, write).map(stored -> {
                done.add(stored);
                return done;
            }));
        }
        return chain;
    }

    @Override
    public Future<Workspace> mergeWorkspaceStatus(String name, String statusJson) {
        return pool.preparedQuery("UPDATE workspaces SET status = status || $2::text::jsonb WHERE name = $1 RETURNING "
                        + WORKSPACE_COLUMNS).execute(Tuple.of(name, statusJson))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StorageException.NotFound("workspace " + name + " not found"))
                        : Future.succeededFuture(workspace(rows.iterator().next())));
    }

    @Override
    public Future<List<StoredObject>> contents(long workspaceId) {
        return pool.withConnection(conn -> seeds.contents(conn, workspaceId))
                .recover(e -> PgErrors.translate(e, "workspace " + workspaceId));
    }

    @Override
    public Future<List<StoredObject>> deleteWorkspace(String name, List<ObjectKey> records) {
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM workspaces WHERE name = $1 RETURNING id")
                        .execute(Tuple.of(name)).compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(new StorageException.NotFound("workspace " + name + " not found"));
                            }
                            long id = rows.iterator().next().getLong(0);
                            Future<List<StoredObject>> chain = Future.succeededFuture(new ArrayList<>());
                            for (ObjectKey key : records) {
                                chain = chain.compose(done -> writes.deleteIfPresent(conn, key).map(gone -> {
                                    if (gone != null) {
                                        done.add(gone);
                                    }
                                    return done;
                                }));
                            }
                            return chain.map(done -> {
                                hub.workspaceDeleted(id);
                                return done;
                            });
                        }))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .onSuccess(done -> done.forEach(this::committed));
    }

    private static void checkWorkspaceName(String name) {
        KeyParts.checkSegment("workspace name", name == null ? "" : name, 253);
        if (name == null || name.isEmpty()) {
            throw new StorageException.InvalidArgument("workspace name must not be empty");
        }
    }

    @Override
    public Future<Workspace> ensureWorkspace(String name) {
        return getWorkspace(name).recover(e -> e instanceof StorageException.NotFound
                ? createWorkspace(name, null).recover(e2 -> e2 instanceof StorageException.AlreadyExists
                        ? getWorkspace(name) : Future.failedFuture(e2))
                : Future.failedFuture(e));
    }

    @Override
    public Future<Workspace> getWorkspace(String name) {
        return pool.preparedQuery("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces WHERE name = $1").execute(Tuple.of(name))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StorageException.NotFound("workspace " + name + " not found"))
                        : Future.succeededFuture(workspace(rows.iterator().next())));
    }

    @Override
    public Future<List<Workspace>> listWorkspaces() {
        return pool.query("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces ORDER BY name").execute()
                .recover(e -> PgErrors.translate(e, "workspaces"))
                .map(rows -> {
                    List<Workspace> all = new ArrayList<>();
                    rows.forEach(r -> all.add(workspace(r)));
                    return all;
                });
    }

    @Override
    public Future<Void> deleteWorkspace(String name) {
        return pool.preparedQuery("DELETE FROM workspaces WHERE name = $1 RETURNING id").execute(Tuple.of(name))
                .recover(e -> PgErrors.translate(e, "workspace " + name))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new StorageException.NotFound("workspace " + name + " not found"));
                    }
                    hub.workspaceDeleted(rows.iterator().next().getLong(0));
                    return Future.succeededFuture();
                });
    }

    private static Workspace workspace(Row row) {
        return new Workspace(row.getLong(0), row.getString(1), row.getLong(2),
                row.getOffsetDateTime(3).toInstant(), row.getString(4), row.getString(5));
    }

    /** Removes history older than {@code retention} now; yields how many events went. */
    public Future<Long> compact(Duration retention) {
        return maintenance.compact(retention);
    }

    @Override
    public Future<List<StoredObject>> expiredBefore(String group, String resource, java.time.Instant before, int limit) {
        return maintenance.expiredBefore(group, resource, before, limit);
    }

    /** Re-seals bodies under the primary key (after a rotation); yields how many were rewritten. */
    public Future<Long> reencrypt() {
        return maintenance.reencrypt();
    }

    /** Plain SQL access for tests and tools that must look at raw rows. */
    public Pool pool() {
        return pool;
    }

    /** Local commits the workspace's watch feed did not need to read back (for tests). */
    long revisionsSteppedOver(long workspaceId) {
        return hub.skipped(workspaceId);
    }

    /** Local commits the workspace's watch feed gave its watchers without reading them back (for tests). */
    long revisionsHandedOver(long workspaceId) {
        return hub.handedOver(workspaceId);
    }

    /** Number of workspaces with live watch feeds in this process (for metrics and tests). */
    public int watchedWorkspaces() {
        return hub.feedCount();
    }

    @Override
    public void close() {
        closeAsync();
    }

    public Future<Void> closeAsync() {
        vertx.cancelTimer(compactionTimer);
        vertx.cancelTimer(safetyTimer);
        hub.closeAll();
        return notifier.close().eventually(() -> pool.close());
    }

}
