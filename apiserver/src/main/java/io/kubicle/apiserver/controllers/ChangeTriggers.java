package io.kubicle.apiserver.controllers;

import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * The store as the API handlers use it, telling the {@link ControllerManager} about every committed
 * write of a resource a controller reads (the garbage collector's deletes included). This replaces
 * kube's informers: nothing is watched, the commit itself is the trigger.
 */
public final class ChangeTriggers implements Store {
    /** group/resource of what the controllers list. */
    static final Set<String> WATCHED = Set.of("/pods", "apps/deployments", "apps/replicasets", "batch/jobs");
    private final Store store;
    private final ControllerManager manager;

    public ChangeTriggers(Store store, ControllerManager manager) {
        this.store = store;
        this.manager = manager;
    }

    static boolean watched(ObjectKey key) {
        return WATCHED.contains(key.group() + "/" + key.resource());
    }

    private void committed(ObjectKey key) {
        if (watched(key)) {
            manager.changed(key.workspaceId(), key.namespace());
        }
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return store.create(write).onSuccess(stored -> committed(stored.key()));
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return store.update(write, preconditions).onSuccess(stored -> committed(stored.key()));
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return store.delete(key, preconditions).onSuccess(deleted -> committed(key));
    }

    @Override
    public Future<StoredObject> get(ObjectKey key) {
        return store.get(key);
    }

    @Override
    public Future<ListResult> list(ListRequest request) {
        return store.list(request);
    }

    @Override
    public Future<Watch> watch(WatchRequest request, WatchListener listener) {
        return store.watch(request, listener);
    }

    @Override
    public Future<List<StoredObject>> dependents(long workspaceId, String ownerUid) {
        return store.dependents(workspaceId, ownerUid);
    }

    @Override
    public Future<Long> currentRevision(long workspaceId) {
        return store.currentRevision(workspaceId);
    }
}
