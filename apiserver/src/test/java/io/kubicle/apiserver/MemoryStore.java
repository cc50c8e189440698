package io.kubicle.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Just enough of a store: objects in memory, synchronous lists, watches that see every put and delete. */
public final class MemoryStore implements Store {
    private final String group;
    private final Map<String, StoredObject> objects = new TreeMap<>();
    private final List<Object[]> watches = new ArrayList<>();
    private long revision;
    /** How many lists were asked for so far. */
    public int lists;

    /** A store whose {@link #put} and {@link #delete} write objects of {@code group}. */
    public MemoryStore(String group) {
        this.group = group;
    }

    public void put(long ws, String resource, String ns, String name, ObjectNode body) {
        put(ws, group, resource, ns, name, body);
    }

    /** As {@link #put(long, String, String, String, ObjectNode)}, for an object of another group than the store's. */
    public void put(long ws, String objectGroup, String resource, String ns, String name, ObjectNode body) {
        StoredObject o = new StoredObject(new ObjectKey(ws, objectGroup, resource, ns, name), "uid", ++revision,
                1, Map.of(), Json.bytes(body));
        boolean existed = objects.put(o.key().toString(), o) != null;
        emit(existed ? new WatchEvent.Modified(o) : new WatchEvent.Added(o));
    }

    public void delete(long ws, String resource, String ns, String name) {
        delete(ws, group, resource, ns, name);
    }

    public void delete(long ws, String objectGroup, String resource, String ns, String name) {
        StoredObject o = objects.remove(new ObjectKey(ws, objectGroup, resource, ns, name).toString());
        emit(new WatchEvent.Deleted(o));
    }

    private void emit(WatchEvent event) {
        for (Object[] w : List.copyOf(watches)) {
            if (((WatchRequest) w[0]).scope().contains(event.object().key())) {
                ((WatchListener) w[1]).onEvent(event);
            }
        }
    }

    public int openWatches() {
        return watches.size();
    }

    @Override
    public Future<ListResult> list(ListRequest request) {
        lists++;
        return Future.succeededFuture(new ListResult(objects.values().stream()
                .filter(o -> request.scope().contains(o.key())).toList(), revision, null));
    }

    @Override
    public Future<Watch> watch(WatchRequest request, WatchListener listener) {
        Object[] entry = {request, listener};
        watches.add(entry);
        return Future.succeededFuture(() -> watches.remove(entry));
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<StoredObject> get(ObjectKey key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<StoredObject>> dependents(long workspaceId, String ownerUid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Long> currentRevision(long workspaceId) {
        return Future.succeededFuture(revision);
    }
}
