package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Workspace;
import io.kubicle.storage.Workspaces;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves workspace names from URLs to ids and credential epochs, caching the answer. Ids never
 * change and are never reused; the epoch changes when credentials are revoked, possibly by another
 * process, so a cached entry is re-read once it is {@link #FRESH_NANOS} old.
 */
public final class WorkspaceDirectory {
    private static final long FRESH_NANOS = 2_000_000_000L;

    /** What the server needs to know about a workspace on every request. */
    public record Entry(long id, String name, long credentialEpoch, long loadedAt) {
    }

    private final Workspaces workspaces;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Names by id, for requests that carry only an id (see {@link #nameForToken}); kept small: a long and a string each. */
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private volatile long listedAtNanos = System.nanoTime() - LISTING_GAP_NANOS;
    private static final long LISTING_GAP_NANOS = 2_000_000_000L;

    public WorkspaceDirectory(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    public Future<Long> resolve(String name) {
        Entry known = entries.get(name);
        if (known != null) {
            return Future.succeededFuture(known.id());
        }
        return entry(name).map(Entry::id);
    }

    /** The workspace's entry, re-read when stale; a missing workspace fails with a 404 Status. */
    public Future<Entry> entry(String name) {
        Entry known = entries.get(name);
        if (known != null && System.nanoTime() - known.loadedAt() < FRESH_NANOS) {
            return Future.succeededFuture(known);
        }
        return workspaces.getWorkspace(name).map(this::remember).recover(e -> {
            if (e instanceof StorageException.NotFound) {
                entries.remove(name);
                return Future.failedFuture(Statuses.notFound("tenancy.kubicle.io", "workspaces", name));
            }
            return Future.failedFuture(e);
        });
    }

    /** Caches what the store said about a workspace (after a change this process made, too). */
    public Entry remember(Workspace workspace) {
        Entry entry = new Entry(workspace.id(), workspace.name(), epoch(workspace.statusJson()), System.nanoTime());
        entries.put(workspace.name(), entry);
        names.put(workspace.id(), workspace.name());
        return entry;
    }

    public void forget(String name) {
        Entry gone = entries.remove(name);
        if (gone != null) {
            names.remove(gone.id(), name);
        }
    }

    /**
     * The name of workspace {@code id} as named by a ServiceAccount token that came without a {@code /clusters/<ws>}
     * prefix. Unknown ids are looked up by listing the workspaces at most once every 2 s (the claim is not verified
     * yet, so made-up ids must not make every request list them); the caller still authenticates the token in full.
     */
    public Future<String> nameForToken(long id) {
        String known = names.get(id);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        long now = System.nanoTime();
        if (now - listedAtNanos < LISTING_GAP_NANOS) {
            return Future.failedFuture(Statuses.notFound("tenancy.kubicle.io", "workspaces", "#" + id));
        }
        listedAtNanos = now;
        return workspaces.listWorkspaces().compose(all -> {
            all.forEach(ws -> names.put(ws.id(), ws.name()));
            String name = names.get(id);
            return name == null ? Future.failedFuture(Statuses.notFound("tenancy.kubicle.io", "workspaces", "#" + id))
                    : Future.succeededFuture(name);
        });
    }

    private static long epoch(String statusJson) {
        if (statusJson == null || statusJson.isEmpty()) {
            return 0;
        }
        JsonNode status = Json.parseStored(statusJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return status.path("credentialEpoch").asLong(0);
    }

    /** The name of a workspace id (for controllers that only see ids); fails when no such workspace exists. */
    public Future<String> nameOf(long id) {
        for (Entry e : entries.values()) {
            if (e.id() == id) {
                return Future.succeededFuture(e.name());
            }
        }
        return workspaces.listWorkspaces().compose(all -> {
            for (Workspace ws : all) {
                if (ws.id() == id) {
                    return Future.succeededFuture(remember(ws).name());
                }
            }
            return Future.failedFuture(Statuses.notFound("tenancy.kubicle.io", "workspaces", "#" + id));
        });
    }
}
