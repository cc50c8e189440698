package io.kubicle.apiserver.controllers;

import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The store as the API handlers use it, telling the {@link ControllerManager} about every committed
 * write of a resource a controller reads (the garbage collector's deletes included). This replaces
 * kube's informers: nothing is watched, the commit itself is the trigger.
 */
public final class ChangeTriggers extends io.kubicle.storage.ForwardingStore {
    /** group/resource of what the controllers list. */
    static final Set<String> WATCHED = Set.of("/pods", "apps/deployments", "apps/replicasets", "batch/jobs",
            "apps/statefulsets", "batch/cronjobs", "policy/poddisruptionbudgets");
    private final ControllerManager manager;

    public ChangeTriggers(Store store, ControllerManager manager) {
        super(store);
        this.manager = manager;
    }

    static boolean watched(ObjectKey key) {
        return WATCHED.contains(key.group() + "/" + key.resource());
    }

    /** A workspace created with these objects (a blueprint's copy): one pass for each namespace a controller cares about. */
    public static void seeded(ControllerManager manager, java.util.Collection<ObjectKey> keys) {
        keys.stream().filter(ChangeTriggers::watched).map(k -> java.util.Map.entry(k.workspaceId(), k.namespace()))
                .distinct().forEach(e -> manager.changed(e.getKey(), e.getValue()));
    }

    private void committed(StoredObject object) {
        ObjectKey key = object.key();
        if (!watched(key)) {
            return;
        }
        WorkloadKind kind = WorkloadKind.of(key);
        if (kind != null) {
            manager.changed(key.workspaceId(), key.namespace(), java.util.Set.of(kind));
        } else if (maybeControlled(object)) {
            manager.changed(key.workspaceId(), key.namespace(),
                    WorkloadKind.ownersOf(object, object.labels().containsKey(JOB_POD_LABEL)));
        } else {
            manager.podChanged(key.workspaceId(), key.namespace());
        }
    }

    /**
     * A pod some controller may count: it names an owner, or carries the label every Job pod has (its
     * tracking finalizer outlives a deleted Job). A scan of the bytes, not a parse: one that mentions
     * ownerReferences anywhere only costs a pass.
     */
    static boolean maybeControlled(StoredObject pod) {
        return pod.labels().containsKey(JOB_POD_LABEL) || pod.bodyContains(OWNER_REFERENCES);
    }

    private static final String JOB_POD_LABEL = "batch.kubernetes.io/controller-uid";
    private static final byte[] OWNER_REFERENCES = "\"ownerReferences\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);


    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return delegate.create(write).onSuccess(created -> {
            if (isNamespace(created.key())) {
                manager.namespaceCreated(created.key().workspaceId(), created.key().name());
            } else {
                committed(created);
            }
        });
    }

    static boolean isNamespace(ObjectKey key) {
        return key.group().isEmpty() && key.resource().equals("namespaces");
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return delegate.update(write, preconditions).onSuccess(this::committed);
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return delegate.delete(key, preconditions).onSuccess(this::committed);
    }
}
