package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live change stream of one workspace, shared by all its watchers in this process. It exists
 * only while someone watches the workspace (an idle workspace costs nothing here).
 *
 * <p>It is poked with "revision R exists" by local commits and by NOTIFY from other processes, and
 * then reads the history after the last revision it delivered. Revisions are gap-free and commit
 * ordered, so the rows after {@code last} are always a contiguous run; a hole means the history was
 * compacted under a lagging feed, and its watchers are expired. At most one read is in flight.
 */
final class WorkspaceFeed {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFeed.class);
    static final int BATCH = 1000;
    private static final String FETCH = "SELECT " + Change.COLUMNS
            + " FROM events WHERE workspace_id = $1 AND rv > $2 ORDER BY rv LIMIT " + BATCH;
    private static final String REPLAY = "SELECT w.compacted_rv, e.* FROM workspaces w LEFT JOIN LATERAL (SELECT "
            + Change.COLUMNS + " FROM events WHERE workspace_id = w.id AND api_group = $2 AND resource = $3"
            + " AND rv > $4 AND rv <= $5 ORDER BY rv LIMIT " + BATCH + ") e ON true WHERE w.id = $1";

    final long workspaceId;
    private final Vertx vertx;
    private final Pool pool;
    private final RowCodec codec;
    private final WatchHub hub;
    private final Promise<Void> ready = Promise.promise();
    private final List<Watcher> watchers = new ArrayList<>();
    private int registering;
    private long last = -1;
    private long wanted;
    private boolean fetching;
    private boolean pokedDuringFetch;
    private boolean dead;
    private long skipped;
    private long handedOver;

    WorkspaceFeed(long workspaceId, Vertx vertx, Pool pool, RowCodec codec, WatchHub hub) {
        this.workspaceId = workspaceId;
        this.vertx = vertx;
        this.pool = pool;
        this.codec = codec;
        this.hub = hub;
    }

    void start() {
        pool.preparedQuery("SELECT rv FROM workspaces WHERE id = $1").execute(Tuple.of(workspaceId)).onComplete(ar -> {
            synchronized (this) {
                if (ar.failed()) {
                    ready.tryFail(PgErrors.toStorage(ar.cause(), "watch of workspace " + workspaceId));
                } else if (ar.result().size() == 0) {
                    ready.tryFail(new StorageException.NotFound("workspace " + workspaceId + " does not exist"));
                } else {
                    last = ar.result().iterator().next().getLong(0);
                    wanted = Math.max(wanted, last);
                    ready.tryComplete();
                    fetchIfBehind();
                }
            }
        });
    }

    /** Called by the hub (under its lock) before a watch registers, so the feed is not dropped meanwhile. */
    synchronized void reserve() {
        registering++;
    }

    /** Registers a watcher, replays its history, then switches it to live delivery. */
    Future<Watch> register(WatchRequest request, WatchListener listener) {
        return ready.future().compose(v -> {
            Watcher watcher = new Watcher(request, listener, this);
            long upTo;
            synchronized (this) {
                registering--;
                if (dead) {
                    return hub.watch(request, listener); // this feed ended meanwhile; the hub makes a new one
                }
                watchers.add(watcher);
                upTo = last;
            }
            return replay(watcher, request, request.fromRevision(), upTo).map(done -> {
                synchronized (this) {
                    watcher.finishReplay();
                }
                return (Watch) watcher;
            }).onFailure(e -> {
                synchronized (this) {
                    watchers.remove(watcher);
                }
                hub.dropIfIdle(this);
            });
        }, e -> {
            synchronized (this) {
                registering--;
            }
            hub.dropIfIdle(this);
            return Future.failedFuture(e);
        });
    }

    private Future<Void> replay(Watcher watcher, WatchRequest request, long after, long upTo) {
        if (after >= upTo) {
            return Future.succeededFuture();
        }
        ResourceScope scope = request.scope();
        Tuple args = Tuple.of(workspaceId, scope.group(), scope.resource(), after, upTo);
        return pool.preparedQuery(REPLAY).execute(args)
                .recover(e -> PgErrors.translate(e, "watch replay of " + scope.resource()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new StorageException.NotFound("workspace " + workspaceId + " does not exist"));
                    }
                    long compacted = rows.iterator().next().getLong(0);
                    if (after < compacted) {
                        return Future.failedFuture(new StorageException.Expired("too old resource version: " + after
                                + " (" + compacted + ")", compacted));
                    }
                    long lastSeen = after;
                    int count = 0;
                    synchronized (this) {
                        for (Row row : rows) {
                            if (row.getValue(1) == null) {
                                break;
                            }
                            Change change = Change.read(row, 1, workspaceId, codec);
                            watcher.deliver(change);
                            lastSeen = change.revision();
                            count++;
                        }
                    }
                    return count == BATCH ? replay(watcher, request, lastSeen, upTo) : Future.succeededFuture();
                });
    }

    /**
     * This process committed {@code revision}, a change of {@code resource}. When it is the next
     * revision and no watcher here watches that resource, the feed steps over it without reading it
     * back: the usual write in a workspace whose only watches are, say, its RBAC and CRD caches costs
     * no query here. (A watcher registering meanwhile replays from the table up to {@code last}, so it
     * still sees the change if it wants it.) When the writer knows the change ({@code type} and {@code object}, the
     * state the write left) and every watcher here of that resource is unfiltered, they get it without a read back,
     * since only a filter needs the state before: a syncer watching every workspace made one read per write here.
     * Anything else takes the ordinary path.
     */
    synchronized void committedHere(long revision, String resource, WatchEvent.Type type, StoredObject object) {
        if (!dead && !fetching && last >= 0 && revision == last + 1) {
            if (!watches(resource)) {
                last = revision;
                skipped++;
            } else if (type != null && object != null && onlyUnfiltered(resource)) {
                Change change = new Change(revision, type, object, null);
                for (Watcher watcher : List.copyOf(watchers)) {
                    if (watcher.resource().equals(resource)) {
                        watcher.offer(change);
                    }
                }
                last = revision;
                handedOver++;
            }
        }
        poke(revision);
    }

    private boolean onlyUnfiltered(String resource) {
        for (Watcher watcher : watchers) {
            if (watcher.resource().equals(resource) && !watcher.unfiltered()) {
                return false;
            }
        }
        return true;
    }

    /** How many changes went to watchers straight from the write (for tests). */
    synchronized long handedOver() {
        return handedOver;
    }

    private boolean watches(String resource) {
        for (Watcher watcher : watchers) {
            if (watcher.resource().equals(resource)) {
                return true;
            }
        }
        return false;
    }

    /** How many revisions were stepped over without a read (for tests). */
    synchronized long skipped() {
        return skipped;
    }

    /** Revision {@code revision} of this workspace has committed somewhere. */
    synchronized void poke(long revision) {
        if (fetching) {
            pokedDuringFetch = true; // that revision may have committed after our read began
        }
        if (revision > wanted) {
            wanted = revision;
        }
        fetchIfBehind();
    }

    private void fetchIfBehind() {
        if (dead || last < 0 || fetching || wanted <= last) {
            return;
        }
        fetching = true;
        pokedDuringFetch = false;
        long from = last;
        pool.preparedQuery(FETCH).execute(Tuple.of(workspaceId, from)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("watch feed of workspace {} could not read history; retrying", workspaceId, ar.cause());
                vertx.setTimer(500, t -> {
                    synchronized (this) {
                        fetching = false;
                        fetchIfBehind();
                    }
                });
                return;
            }
            synchronized (this) {
                fetching = false;
                deliver(ar.result());
            }
        });
    }

    private void deliver(RowSet<Row> rows) {
        Set<String> watched = new HashSet<>();
        watchers.forEach(w -> watched.add(w.resource()));
        int count = 0;
        for (Row row : rows) {
            long rv = row.getLong(0);
            count++;
            if (rv <= last) {
                continue;
            }
            if (rv != last + 1) {
                expireAll("watch history after revision " + last + " was compacted before it could be delivered");
                return;
            }
            if (watched.contains(Change.resourceOf(row, 0))) {
                Change change = Change.read(row, 0, workspaceId, codec);
                for (Watcher watcher : List.copyOf(watchers)) {
                    if (watcher.resource().equals(Change.resourceOf(row, 0))) {
                        watcher.offer(change);
                    }
                }
            }
            last = rv;
        }
        if (count < BATCH && !pokedDuringFetch) {
            wanted = last; // everything committed before this read has been read
        }
        fetchIfBehind();
    }

    private void expireAll(String why) {
        dead = true;
        for (Watcher watcher : List.copyOf(watchers)) {
            watcher.end(new StorageException.Expired(why, last));
        }
        vertx.runOnContext(v -> hub.dropIfIdle(this)); // never take the hub's lock while holding ours
    }

    /** Ends every watch of this workspace (it was deleted, or the store is closing). */
    synchronized void endAll(StorageException why) {
        dead = true;
        for (Watcher watcher : List.copyOf(watchers)) {
            watcher.end(why);
        }
    }

    synchronized long lastDelivered() {
        return last;
    }

    synchronized void detach(Watcher watcher) {
        watchers.remove(watcher);
    }

    void closeWatcher(Watcher watcher) {
        synchronized (this) {
            watcher.end(null);
        }
        hub.dropIfIdle(this);
    }

    synchronized boolean idle() {
        return watchers.isEmpty() && registering == 0;
    }

    synchronized boolean isDead() {
        return dead;
    }

    /** For tests and metrics: the live watchers of this workspace. */
    synchronized int watcherCount() {
        return watchers.size();
    }
}
