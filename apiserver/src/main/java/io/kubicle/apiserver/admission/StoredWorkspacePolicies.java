package io.kubicle.apiserver.admission;

import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.WorkspaceResource;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Policies read from the Workspace objects in the root workspace, cached briefly: local changes
 * invalidate at once, other replicas' changes show within {@link #TTL_MILLIS}. The root workspace
 * itself (no Workspace object) gets the defaults.
 */
public final class StoredWorkspacePolicies implements WorkspacePolicies {
    static final long TTL_MILLIS = 1000;
    public static final String GROUP = "tenancy.kubicle.io";
    public static final String RESOURCE = "workspaces";

    private record Entry(WorkspacePolicy policy, long expires) {
    }

    private final Store store;
    private final Supplier<Future<Long>> rootId;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public StoredWorkspacePolicies(Store store, Supplier<Future<Long>> rootId, Clock clock) {
        this.store = store;
        this.rootId = rootId;
        this.clock = clock;
    }

    /** The Workspace object of {@code workspace} in the root workspace. */
    public static ObjectKey workspaceKey(long rootId, String workspace) {
        return new ObjectKey(rootId, GROUP, RESOURCE, "", workspace);
    }

    @Override
    public Future<WorkspacePolicy> of(long workspaceId, String workspaceName) {
        if (WorkspaceResource.ROOT.equals(workspaceName)) {
            return Future.succeededFuture(WorkspacePolicy.DEFAULT);
        }
        Entry e = cache.get(workspaceName);
        long now = clock.millis();
        if (e != null && e.expires() > now) {
            return Future.succeededFuture(e.policy());
        }
        return rootId.get().compose(root -> store.get(workspaceKey(root, workspaceName)))
                .map(stored -> WorkspacePolicy.fromWorkspace(Json.parseStored(stored.body())))
                .recover(err -> err instanceof StorageException.NotFound
                        ? Future.succeededFuture(WorkspacePolicy.DEFAULT) : Future.failedFuture(err))
                .onSuccess(policy -> cache.put(workspaceName, new Entry(policy, now + TTL_MILLIS)));
    }

    @Override
    public void forget(String workspaceName) {
        cache.remove(workspaceName);
    }
}
