package io.kubicle.storage;

import io.vertx.core.Future;
import java.util.List;

/** A store that hands every call to another one: decorators override only what they add to. */
public abstract class ForwardingStore implements Store {
    protected final Store delegate;

    protected ForwardingStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return delegate.create(write);
    }

    @Override
    public Future<StoredObject> get(ObjectKey key) {
        return delegate.get(key);
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return delegate.update(write, preconditions);
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return delegate.delete(key, preconditions);
    }

    @Override
    public Future<ListResult> list(ListRequest request) {
        return delegate.list(request);
    }

    @Override
    public Future<Watch> watch(WatchRequest request, WatchListener listener) {
        return delegate.watch(request, listener);
    }

    @Override
    public Future<List<StoredObject>> dependents(long workspaceId, String ownerUid) {
        return delegate.dependents(workspaceId, ownerUid);
    }

    @Override
    public Future<Long> currentRevision(long workspaceId) {
        return delegate.currentRevision(workspaceId);
    }
}
