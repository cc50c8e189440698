package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.IdleEntries;
import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The RBAC policy of each recently used workspace, loaded once from the store and then kept current
 * by watches (which also carry other processes' writes). A warm workspace costs no database round
 * trip per request; one idle for longer than the idle limit is dropped with its watches, so idle
 * workspaces pin no memory. Writes this process makes invalidate the snapshot at once, so they count
 * for the very next request.
 */
public final class PolicyCache {
    static final String GROUP = "rbac.authorization.k8s.io";
    private static final List<String> RESOURCES = List.of("clusterroles", "roles", "clusterrolebindings", "rolebindings");

    private final Store store;
    private final LongSupplier clockMillis;
    private final long idleMillis;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    public PolicyCache(Store store, LongSupplier clockMillis, long idleMillis) {
        this.store = store;
        this.clockMillis = clockMillis;
        this.idleMillis = idleMillis;
    }

    /** The workspace's policy: immediately when warm, after one load otherwise. */
    public Future<RbacPolicy> policy(long workspaceId) {
        Entry entry = entries.get(workspaceId);
        if (entry == null) {
            Entry fresh = new Entry(workspaceId);
            entry = entries.putIfAbsent(workspaceId, fresh);
            if (entry == null) {
                entry = fresh;
                load(fresh);
            }
        }
        entry.lastUsed = clockMillis.getAsLong();
        return entry.loaded.future();
    }

    /** Forget the workspace's snapshot (after a local RBAC write): the next request loads it afresh. */
    public void invalidate(long workspaceId) {
        Entry entry = entries.remove(workspaceId);
        if (entry != null) {
            entry.close();
        }
    }

    /** Drops snapshots unused for longer than the idle limit; call periodically. */
    public int evictIdle() {
        return IdleEntries.evict(entries, e -> e.lastUsed, clockMillis.getAsLong(), idleMillis, Entry::close);
    }

    public int size() {
        return entries.size();
    }

    private void load(Entry entry) {
        long workspaceId = entry.workspaceId;
        List<Future<io.kubicle.storage.ListResult>> lists = new ArrayList<>();
        for (String resource : RESOURCES) {
            lists.add(store.list(ListRequest.all(new ResourceScope(workspaceId, GROUP, resource, ""))));
        }
        Future.all(lists).map(all -> {
            for (int i = 0; i < RESOURCES.size(); i++) {
                io.kubicle.storage.ListResult result = all.resultAt(i);
                String resource = RESOURCES.get(i);
                result.items().forEach(o -> apply(entry.policy, resource, o, false));
                entry.watch(resource, result.resourceVersion());
            }
            return entry.policy;
        }).onSuccess(entry.loaded::complete).onFailure(e -> {
            entries.remove(workspaceId, entry);
            entry.loaded.fail(e);
        });
    }

    static void apply(RbacPolicy policy, String resource, StoredObject object, boolean deleted) {
        String ns = object.key().namespace();
        String name = object.key().name();
        JsonNode body = deleted ? null : Json.parseStored(object.body());
        switch (resource) {
            case "clusterroles" -> {
                if (deleted) {
                    policy.removeClusterRole(name);
                } else {
                    policy.putClusterRole(name, PolicyRule.listFrom(body.get("rules")));
                }
            }
            case "roles" -> {
                if (deleted) {
                    policy.removeRole(ns, name);
                } else {
                    policy.putRole(ns, name, PolicyRule.listFrom(body.get("rules")));
                }
            }
            default -> {
                if (deleted) {
                    policy.removeBinding(ns, name);
                } else {
                    policy.putBinding(Binding.from(body));
                }
            }
        }
    }

    private final class Entry {
        final long workspaceId;
        final RbacPolicy policy = new RbacPolicy();
        final io.kubicle.apiserver.api.WatchSet watches = new io.kubicle.apiserver.api.WatchSet();
        volatile long lastUsed;
        final io.vertx.core.Promise<RbacPolicy> loaded = io.vertx.core.Promise.promise();

        Entry(long workspaceId) {
            this.workspaceId = workspaceId;
        }

        void watch(String resource, long fromRevision) {
            WatchListener listener = new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    apply(policy, resource, event.object(), event.type() == WatchEvent.Type.DELETED);
                }

                @Override
                public void onClose(StorageException error) {
                    if (error != null) {
                        // fell behind or lost the store: the snapshot can no longer be trusted
                        if (entries.remove(workspaceId, Entry.this)) {
                            close();
                        }
                    }
                }
            };
            store.watch(WatchRequest.of(new ResourceScope(workspaceId, GROUP, resource, ""), fromRevision), listener)
                    .onSuccess(watches::started)
                    .onFailure(e -> {
                        if (entries.remove(workspaceId, this)) {
                            close();
                        }
                    });
        }

        void close() {
            watches.close();
        }
    }
}
