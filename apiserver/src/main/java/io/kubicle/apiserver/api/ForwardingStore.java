package io.kubicle.apiserver.api;

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

/** A store that hands every call to another: decorators override only the calls they act on. */
public abstract class ForwardingStore implements Store {
    protected final Store store;

    protected ForwardingStore(Store store) {
        this.store = store;
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return store.create(write);
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return store.update(write, preconditions);
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return store.delete(key, preconditions);
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
