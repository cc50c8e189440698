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
        return entry;
    }

    public void forget(String name) {
        entries.remove(name);
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
