package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ownerReferences garbage collection, as kube-controller-manager's garbage collector does it but
 * driven by deletions instead of informers: when an owner goes, dependents with no other owner go
 * too (background); dependents of an owner deleted in the foreground go before it; an orphaning
 * delete strips the reference and leaves the dependents. Dependents are found through the
 * store's owner index.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    public static final String FOREGROUND = "foregroundDeletion";
    public static final String ORPHAN = "orphan";
    private final Store store;
    private final ServiceAddresses addresses;

    public GarbageCollector(Store store) {
        this.store = store;
        this.addresses = new ServiceAddresses(store);
    }

    /** An owner is gone: collect what it owned (asynchronously; failures are logged and retried by nobody). */
    public void ownerDeleted(long workspaceId, String ownerUid) {
        collect(workspaceId, ownerUid).onFailure(e -> LOG.warn("garbage collection of the dependents of {} failed",
                ownerUid, e));
    }

    /** Deletes dependents whose only owner was {@code ownerUid}; strips the reference from the others. */
    public Future<Void> collect(long workspaceId, String ownerUid) {
        return store.dependents(workspaceId, ownerUid).compose(dependents -> {
            List<Future<Void>> all = new ArrayList<>();
            for (StoredObject dependent : dependents) {
                ObjectNode object = Json.parseStored(dependent.body());
                if (remainingOwners(object, ownerUid) > 0) {
                    all.add(rewrite(dependent, ownerUid));
                } else {
                    all.add(store.delete(dependent.key(), new Preconditions(dependent.uid(), null))
                            .compose(deleted -> addresses.release(deleted.key(), object).map(deleted))
                            .compose(deleted -> collect(workspaceId, deleted.uid()))
                            .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture()
                                    : Future.failedFuture(e)));
                }
            }
            return Future.all(all).mapEmpty();
        });
    }

    /** Removes the owner reference from every dependent (kubectl delete --cascade=orphan). */
    public Future<Void> orphan(long workspaceId, String ownerUid) {
        return store.dependents(workspaceId, ownerUid).compose(dependents -> {
            List<Future<Void>> all = new ArrayList<>();
            dependents.forEach(d -> all.add(rewrite(d, ownerUid)));
            return Future.all(all).mapEmpty();
        });
    }

    /**
     * Finishes a deletion that waits on a propagation finalizer: collects or orphans the dependents,
     * drops the finalizer, and deletes the owner when no finalizer is left.
     */
    public void finishPropagation(ObjectKey ownerKey, String ownerUid, String finalizer) {
        Future<Void> dependents = finalizer.equals(FOREGROUND) ? collect(ownerKey.workspaceId(), ownerUid)
                : orphan(ownerKey.workspaceId(), ownerUid);
        dependents.compose(v -> dropFinalizer(ownerKey, finalizer))
                .onFailure(e -> LOG.warn("could not finish {} deletion of {}", finalizer, ownerKey, e));
    }

    private Future<Void> dropFinalizer(ObjectKey key, String finalizer) {
        return store.get(key).compose(stored -> {
            ObjectNode object = Json.parseStored(stored.body());
            ObjectNode meta = Json.metadata(object);
            ArrayNode left = Json.MAPPER.createArrayNode();
            meta.path("finalizers").forEach(f -> {
                if (!f.asText().equals(finalizer)) {
                    left.add(f);
                }
            });
            if (left.isEmpty()) {
                return store.delete(key, Preconditions.resourceVersion(stored.resourceVersion()))
                        .compose(deleted -> addresses.release(key, object).map(deleted))
                        .compose(deleted -> finalizer.equals(FOREGROUND) ? Future.<Void>succeededFuture()
                                : collect(key.workspaceId(), deleted.uid()));
            }
            meta.set("finalizers", left);
            return store.update(ObjectWrites.toWrite(key, object), Preconditions.resourceVersion(stored.resourceVersion()))
                    .<Void>mapEmpty();
        }).recover(e -> e instanceof StorageException.Conflict ? dropFinalizer(key, finalizer)
                : e instanceof StorageException.NotFound ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private Future<Void> rewrite(StoredObject dependent, String ownerUid) {
        ObjectNode object = Json.parseStored(dependent.body());
        ArrayNode kept = Json.MAPPER.createArrayNode();
        object.path("metadata").path("ownerReferences").forEach(ref -> {
            if (!ref.path("uid").asText().equals(ownerUid)) {
                kept.add(ref);
            }
        });
        ObjectNode meta = Json.metadata(object);
        if (kept.isEmpty()) {
            meta.remove("ownerReferences");
        } else {
            meta.set("ownerReferences", kept);
        }
        return store.update(ObjectWrites.toWrite(dependent.key(), object),
                        Preconditions.resourceVersion(dependent.resourceVersion())).<Void>mapEmpty()
                .recover(e -> e instanceof StorageException.Conflict ? store.get(dependent.key())
                        .compose(fresh -> rewrite(fresh, ownerUid))
                        : e instanceof StorageException.NotFound ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private static int remainingOwners(JsonNode object, String goneUid) {
        int n = 0;
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (!ref.path("uid").asText().equals(goneUid)) {
                n++;
            }
        }
        return n;
    }
}
