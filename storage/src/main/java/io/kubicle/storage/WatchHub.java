package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The watch feeds of this process, one per watched workspace. Lock order: hub, then feed.
 *
 * <p>Feeds learn of new revisions from pokes; as a safety net against a lost notification, the hub
 * compares every feed with its workspace's revision once a period in a single query.
 */
final class WatchHub {
    private final Vertx vertx;
    private final Pool pool;
    private final RowCodec codec;
    private final Map<Long, WorkspaceFeed> feeds = new HashMap<>();

    WatchHub(Vertx vertx, Pool pool, RowCodec codec) {
        this.vertx = vertx;
        this.pool = pool;
        this.codec = codec;
    }

    Future<Watch> watch(WatchRequest request, WatchListener listener) {
        long id = request.scope().validate().workspaceId();
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.get(id);
            if (feed == null || feed.isDead()) {
                feed = new WorkspaceFeed(id, vertx, pool, codec, this);
                feeds.put(id, feed);
                feed.reserve();
                feed.start();
            } else {
                feed.reserve();
            }
        }
        return feed.register(request, listener);
    }

    /**
     * This process committed {@code revision}, a change of {@code resource}; {@code type} and {@code object} when the
     * writer knows them (see {@link WorkspaceFeed#committedHere}).
     */
    void committedHere(long workspaceId, long revision, String resource, WatchEvent.Type type, StoredObject object) {
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.get(workspaceId);
        }
        if (feed != null) {
            feed.committedHere(revision, resource, type, object);
        }
    }

    /** Changes the workspace's feed handed to its watchers straight from the write (for tests). */
    long handedOver(long workspaceId) {
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.get(workspaceId);
        }
        return feed == null ? 0 : feed.handedOver();
    }

    /** Revisions the workspace's feed stepped over without reading them back (for tests). */
    long skipped(long workspaceId) {
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.get(workspaceId);
        }
        return feed == null ? 0 : feed.skipped();
    }

    void poke(long workspaceId, long revision) {
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.get(workspaceId);
        }
        if (feed != null) {
            feed.poke(revision);
        }
    }

    /** Checks every feed against its workspace's revision; ends the watches of deleted workspaces. */
    Future<Void> pokeAll() {
        List<Long> ids;
        synchronized (this) {
            ids = new ArrayList<>(feeds.keySet());
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery("SELECT id, rv FROM workspaces WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Set<Long> alive = new HashSet<>();
                    for (Row row : rows) {
                        alive.add(row.getLong(0));
                        poke(row.getLong(0), row.getLong(1));
                    }
                    ids.stream().filter(id -> !alive.contains(id)).forEach(this::workspaceDeleted);
                    return null;
                });
    }

    void workspaceDeleted(long workspaceId) {
        WorkspaceFeed feed;
        synchronized (this) {
            feed = feeds.remove(workspaceId);
        }
        if (feed != null) {
            feed.endAll(new StorageException.NotFound("workspace " + workspaceId + " was deleted"));
        }
    }

    void dropIfIdle(WorkspaceFeed feed) {
        synchronized (this) {
            if (feeds.get(feed.workspaceId) == feed && (feed.idle() || feed.isDead())) {
                feeds.remove(feed.workspaceId);
            }
        }
    }

    void closeAll() {
        List<WorkspaceFeed> all;
        synchronized (this) {
            all = new ArrayList<>(feeds.values());
            feeds.clear();
        }
        all.forEach(f -> f.endAll(new StorageException.Unavailable("the store is closing", null)));
    }

    synchronized int feedCount() {
        return feeds.size();
    }
}
