package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Workspaces;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves workspace names from URLs to ids, caching the answer: ids never change and are never
 * reused, so the cache needs only to forget deleted workspaces.
 */
public final class WorkspaceDirectory {
    private final Workspaces workspaces;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public WorkspaceDirectory(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    public Future<Long> resolve(String name) {
        Long id = ids.get(name);
        if (id != null) {
            return Future.succeededFuture(id);
        }
        return workspaces.getWorkspace(name).map(ws -> {
            ids.put(name, ws.id());
            return ws.id();
        }).recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                ? Statuses.notFound("tenancy.kubicle.io", "workspaces", name) : e));
    }

    public void forget(String name) {
        ids.remove(name);
    }
}
