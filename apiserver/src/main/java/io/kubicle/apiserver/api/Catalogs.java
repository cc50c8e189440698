package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.crd.CrdVersions;
import io.kubicle.apiserver.api.crd.ServedVersion;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource catalog each workspace sees: the built-in kinds everywhere, Kubicle's Workspace kind
 * only in the root workspace, the pod and node metrics of kubectl top only in tenant workspaces, and the workspace's own CRDs. A workspace's CRD catalog is built on first use
 * and kept current by a watch on its CRDs (which also sees other processes' writes); writes through this
 * process invalidate it before the response goes out, so a new CRD is served at once.
 */
public final class Catalogs {
    static final String CRD_GROUP = "apiextensions.k8s.io";
    static final String CRD_RESOURCE = "customresourcedefinitions";

    private final ResourceCatalog root;
    private final ResourceCatalog tenant;
    private final WorkspaceCatalog rootBuiltin;
    private final WorkspaceCatalog tenantBuiltin;
    private final Store store;
    private final java.util.function.LongSupplier clockMillis;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    /** One workspace's cached catalog; {@code current} is null when it must be rebuilt. */
    private static final class Entry {
        volatile Future<WorkspaceCatalog> current;
        volatile Watch watch;
        volatile boolean closed;
        volatile long lastUsed;

        void close() {
            closed = true;
            Watch w = watch;
            if (w != null) {
                w.close();
            }
        }
    }

    public Catalogs() {
        this(null);
    }

    public Catalogs(Store store) {
        this(store, System::currentTimeMillis);
    }

    public Catalogs(Store store, java.util.function.LongSupplier clockMillis) {
        this.store = store;
        this.clockMillis = clockMillis;
        this.root = ResourceCatalog.builtin();
        List<ResourceType> tenantTypes = new ArrayList<>(root.all().stream()
                .filter(t -> !t.group().equals("tenancy.kubicle.io")).toList());
        tenantTypes.addAll(ResourceMetrics.TYPES); // served from the host through the syncer
        this.tenant = ResourceCatalog.of(tenantTypes);
        this.rootBuiltin = WorkspaceCatalog.of(root);
        this.tenantBuiltin = WorkspaceCatalog.of(tenant);
    }

    /** The built-in catalog of a workspace, without its CRDs. */
    public ResourceCatalog forWorkspace(String workspace) {
        return WorkspaceResource.ROOT.equals(workspace) ? root : tenant;
    }

    /** Every built-in kind any workspace may hold. */
    public ResourceCatalog all() {
        return root;
    }

    /** What a workspace serves of the built-in kinds alone. */
    public WorkspaceCatalog builtin(String workspace) {
        return WorkspaceResource.ROOT.equals(workspace) ? rootBuiltin : tenantBuiltin;
    }

    /** The workspace's resource catalog with its CRDs, current as of this call. */
    public Future<ResourceCatalog> catalog(long workspaceId, String workspace) {
        return resolve(workspaceId, workspace).map(WorkspaceCatalog::catalog);
    }

    /** The workspace's catalog with its CRDs, current as of this call. */
    public Future<WorkspaceCatalog> resolve(long workspaceId, String workspace) {
        ResourceCatalog base = forWorkspace(workspace);
        if (store == null) {
            return Future.succeededFuture(WorkspaceCatalog.of(base));
        }
        Entry entry = entries.computeIfAbsent(workspaceId, id -> new Entry());
        entry.lastUsed = clockMillis.getAsLong();
        Future<WorkspaceCatalog> current = entry.current;
        if (current != null && !current.failed()) {
            return current;
        }
        synchronized (entry) {
            if (entry.current == null || entry.current.failed()) {
                entry.current = load(workspaceId, base, entry);
            }
            return entry.current;
        }
    }

    /**
     * Drops the catalogs (and their CRD watches) of workspaces unused for {@code idleMillis}: an idle
     * workspace must cost nothing here. The next request loads its catalog again. Call periodically.
     */
    public int evictIdle(long idleMillis) {
        return IdleEntries.evict(entries, e -> e.lastUsed, clockMillis.getAsLong(), idleMillis, Entry::close);
    }

    /** Workspaces whose catalog is held in memory (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    /** Forget a workspace's catalog: its CRDs changed. */
    public void invalidate(long workspaceId) {
        Entry e = entries.get(workspaceId);
        if (e != null) {
            e.current = null;
        }
    }

    private Future<WorkspaceCatalog> load(long workspaceId, ResourceCatalog base, Entry entry) {
        ResourceScope scope = new ResourceScope(workspaceId, CRD_GROUP, CRD_RESOURCE, "");
        return store.list(ListRequest.all(scope)).map(list -> {
            if (entry.watch == null && !entry.closed) {
                startWatch(workspaceId, scope, list.resourceVersion(), entry);
            }
            return build(base, list.items());
        });
    }

    private void startWatch(long workspaceId, ResourceScope scope, long fromRevision, Entry entry) {
        entry.watch = PENDING;
        store.watch(WatchRequest.of(scope, fromRevision), new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                entry.current = null;
            }

            @Override
            public void onClose(StorageException error) {
                entry.closed = true;
                entries.remove(workspaceId, entry);
            }
        }).onSuccess(w -> {
            entry.watch = w;
            if (entry.closed) {
                w.close();   // evicted while the watch was starting
            }
        }).onFailure(e -> entries.remove(workspaceId, entry));
    }

    private static final Watch PENDING = () -> { };

    static WorkspaceCatalog build(ResourceCatalog base, List<StoredObject> crds) {
        if (crds.isEmpty()) {
            return WorkspaceCatalog.of(base);
        }
        List<ResourceType> rows = new ArrayList<>();
        Map<String, KindStrategy> strategies = new HashMap<>();
        for (StoredObject stored : crds) {
            ObjectNode crd = Json.parseStored(stored.body());
            if (!CrdConditions.established(crd)) {
                continue;
            }
            for (ServedVersion v : CrdVersions.served(crd)) {
                if (base.find(v.type().group(), v.type().version(), v.type().resource()).isPresent()) {
                    continue;   // a built-in resource is never shadowed by a CRD
                }
                rows.add(v.type());
                strategies.put(WorkspaceCatalog.key(v.type()), v.strategy());
            }
        }
        return new WorkspaceCatalog(base.plus(rows), strategies);
    }
}
