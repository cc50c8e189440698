package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.ForwardingStore;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a create's admission asks of every request — is the namespace active, does it hold ResourceQuotas, does the
 * workspace have a default PriorityClass —
 * answered from memory, as kube-apiserver's admission answers it from informer listers. Each recently used
 * workspace keeps its namespaces and quotas, loaded once and kept current by watches (which carry other
 * replicas' writes too); the writes of this process are applied at once through {@link #observing}, so they
 * count for the very next request. Only a positive answer is trusted: a namespace not known to be active, or
 * one holding a quota, takes the caller's live path (a store read), so a cold, lagging or broken view costs
 * a query, never a wrong admission. Workspaces idle past the idle limit drop their view and its watches.
 */
public final class NamespaceListers {
    private static final String NAMESPACES = "namespaces";
    private static final String QUOTAS = "resourcequotas";
    private static final String SCHEDULING = "scheduling.k8s.io";
    private static final String PRIORITY_CLASSES = "priorityclasses";

    private final Store store;
    private final LongSupplier clockMillis;
    private final long idleMillis;
    private final Map<Long, View> views = new ConcurrentHashMap<>();

    /** {@code store} is read and watched; the writes to observe come through {@link #observing}. */
    public NamespaceListers(Store store, LongSupplier clockMillis, long idleMillis) {
        this.store = store;
        this.clockMillis = clockMillis;
        this.idleMillis = idleMillis;
    }

    /** True when namespace {@code ns} of the workspace is known to exist and not be terminating; false means "ask the store". */
    public boolean knownActive(long workspaceId, String ns) {
        View view = view(workspaceId);
        return view != null && view.active(ns);
    }

    /** True when namespace {@code ns} is known to hold no ResourceQuota; false means "list them". */
    public boolean knownWithoutQuotas(long workspaceId, String ns) {
        View view = view(workspaceId);
        return view != null && view.withoutQuotas(ns);
    }

    /** True when the workspace is known to have no PriorityClass marked globalDefault; false means "list them". */
    public boolean knownWithoutDefaultPriorityClass(long workspaceId) {
        View view = view(workspaceId);
        return view != null && view.withoutDefaultPriorityClass();
    }

    /** {@code store} with every namespace, ResourceQuota and PriorityClass it writes applied to the views before the caller hears of it. */
    public Store observing(Store store) {
        return new ForwardingStore(store) {
            @Override
            public Future<StoredObject> create(ObjectWrite write) {
                return delegate.create(write).onSuccess(stored -> observed(stored, false));
            }

            @Override
            public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
                return delegate.update(write, preconditions).onSuccess(stored -> observed(stored, false));
            }

            @Override
            public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
                return delegate.delete(key, preconditions).onSuccess(stored -> observed(stored, true));
            }
        };
    }

    /** Drops the views of workspaces unused for longer than the idle limit; call periodically. */
    public int evictIdle() {
        return IdleEntries.evict(views, v -> v.lastUsed, clockMillis.getAsLong(), idleMillis, View::close);
    }

    /** For tests: workspaces with a view. */
    public int size() {
        return views.size();
    }

    private void observed(StoredObject stored, boolean deleted) {
        ObjectKey key = stored.key();
        if (!tracked(key)) {
            return;
        }
        View view = views.get(key.workspaceId());
        if (view != null) {
            view.apply(key.resource(), stored, deleted);
        }
    }

    private static boolean tracked(ObjectKey key) {
        return key.group().isEmpty() ? key.resource().equals(NAMESPACES) || key.resource().equals(QUOTAS)
                : key.group().equals(SCHEDULING) && key.resource().equals(PRIORITY_CLASSES);
    }

    /** The workspace's view when it is ready; otherwise starts loading it and yields null for now. */
    private View view(long workspaceId) {
        View view = views.get(workspaceId);
        if (view == null) {
            View fresh = new View(workspaceId);
            view = views.putIfAbsent(workspaceId, fresh);
            if (view == null) {
                view = fresh;
                load(fresh);
            }
        }
        view.lastUsed = clockMillis.getAsLong();
        return view.isReady() ? view : null;
    }

    private void load(View view) {
        Future<ListResult> namespaces = store.list(ListRequest.all(new ResourceScope(view.workspaceId, "", NAMESPACES, "")));
        Future<ListResult> quotas = store.list(ListRequest.all(new ResourceScope(view.workspaceId, "", QUOTAS, "")));
        Future<ListResult> classes = store.list(ListRequest.all(new ResourceScope(view.workspaceId, SCHEDULING, PRIORITY_CLASSES, "")));
        Future.all(namespaces, quotas, classes).compose(all -> {
            namespaces.result().items().forEach(o -> view.apply(NAMESPACES, o, false));
            quotas.result().items().forEach(o -> view.apply(QUOTAS, o, false));
            classes.result().items().forEach(o -> view.apply(PRIORITY_CLASSES, o, false));
            return Future.all(view.watch("", NAMESPACES, namespaces.result().resourceVersion()),
                    view.watch("", QUOTAS, quotas.result().resourceVersion()),
                    view.watch(SCHEDULING, PRIORITY_CLASSES, classes.result().resourceVersion()));
        }).onSuccess(v -> view.ready()).onFailure(e -> drop(view));
    }

    private void drop(View view) {
        if (views.remove(view.workspaceId, view)) {
            view.close();
        }
    }

    /**
     * The revision and state of one object as last seen; {@code present} is false once it is deleted; {@code marked}
     * is a namespace that is active, or a PriorityClass marked globalDefault.
     */
    private record Seen(long revision, boolean present, boolean marked) {
    }

    private final class View {
        final long workspaceId;
        volatile long lastUsed;
        private final Map<String, Seen> namespaces = new HashMap<>();
        /** namespace → quota name → what was seen of it. */
        private final Map<String, Map<String, Seen>> quotas = new HashMap<>();
        private final Map<String, Seen> priorityClasses = new HashMap<>();
        private final WatchSet watches = new WatchSet();
        private boolean ready;

        View(long workspaceId) {
            this.workspaceId = workspaceId;
        }

        synchronized boolean isReady() {
            return ready && !watches.isClosed();
        }

        synchronized void ready() {
            ready = true;
        }

        synchronized boolean active(String ns) {
            Seen seen = namespaces.get(ns);
            return seen != null && seen.present() && seen.marked();
        }

        synchronized boolean withoutQuotas(String ns) {
            Map<String, Seen> inNamespace = quotas.get(ns);
            return inNamespace == null || inNamespace.values().stream().noneMatch(Seen::present);
        }

        synchronized boolean withoutDefaultPriorityClass() {
            return priorityClasses.values().stream().noneMatch(c -> c.present() && c.marked());
        }

        /** Applies a state unless a later one was seen (local writes and the watch may arrive in either order). */
        synchronized void apply(String resource, StoredObject object, boolean deleted) {
            ObjectKey key = object.key();
            Map<String, Seen> seen = switch (resource) {
                case NAMESPACES -> namespaces;
                case PRIORITY_CLASSES -> priorityClasses;
                default -> quotas.computeIfAbsent(key.namespace(), n -> new HashMap<>());
            };
            Seen before = seen.get(key.name());
            if (before != null && (before.revision() > object.resourceVersion()
                    || before.revision() == object.resourceVersion() && !deleted)) {
                return; // a deletion may carry the revision of the state it removed
            }
            seen.put(key.name(), new Seen(object.resourceVersion(), !deleted, !deleted && marked(resource, object)));
        }

        private static boolean marked(String resource, StoredObject object) {
            return switch (resource) {
                case NAMESPACES -> isActive(Json.parseStored(object.body()));
                case PRIORITY_CLASSES -> Json.parseStored(object.body()).path("globalDefault").asBoolean(false);
                default -> false;
            };
        }

        private static boolean isActive(ObjectNode namespace) {
            return Json.text(Json.metadata(namespace), "deletionTimestamp").isEmpty()
                    && !"Terminating".equals(namespace.path("status").path("phase").asText());
        }

        Future<Void> watch(String group, String resource, long fromRevision) {
            WatchListener listener = new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    apply(resource, event.object(), event.type() == WatchEvent.Type.DELETED);
                }

                @Override
                public void onClose(StorageException error) {
                    if (error != null) {
                        drop(View.this); // fell behind, or lost the store: the view can no longer be trusted
                    }
                }
            };
            return store.watch(WatchRequest.of(new ResourceScope(workspaceId, group, resource, ""), fromRevision), listener)
                    .onSuccess(watches::started).mapEmpty();
        }

        void close() {
            watches.close();
        }
    }
}
