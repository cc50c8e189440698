package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace controller's job: once a namespace is Terminating, remove everything in it, then
 * drop the "kubernetes" finalizer and the namespace itself. Runs asynchronously, as in Kubernetes,
 * so `kubectl delete ns` returns at once and `--wait` watches the namespace disappear. Cleanup is
 * guaranteed: a failed pass is retried with backoff until it succeeds, and after a restart
 * {@link #resume} picks up every namespace a previous run left Terminating.
 */
public final class NamespaceTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceTerminator.class);
    private static final int PAGE = 500;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;
    private final Vertx vertx;
    private final Store store;
    private final BiFunction<Long, String, Future<ResourceCatalog>> catalogs;

    /** {@code catalogs} yields a workspace's catalog with its CRDs, by workspace id and name. */
    public NamespaceTerminator(Vertx vertx, Store store, BiFunction<Long, String, Future<ResourceCatalog>> catalogs) {
        this.vertx = vertx;
        this.store = store;
        this.catalogs = catalogs;
    }

    /** Starts emptying a namespace that has just become Terminating; completes when it is gone. */
    public Future<Void> terminate(long workspaceId, String workspace, String namespace) {
        Promise<Void> gone = Promise.promise();
        attempt(workspaceId, workspace, namespace, 0, gone);
        return gone.future();
    }

    private void attempt(long workspaceId, String workspace, String namespace, int failures, Promise<Void> gone) {
        empty(workspaceId, workspace, namespace).onSuccess(gone::complete).onFailure(e -> {
            long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 10));
            LOG.warn("namespace {} of workspace {} could not be emptied yet; retrying in {} ms", namespace, workspaceId,
                    delay, e);
            vertx.setTimer(delay, t -> attempt(workspaceId, workspace, namespace, failures + 1, gone));
        });
    }

    /**
     * Terminates every namespace of the workspace that is Terminating (a previous process stopped
     * before finishing it); yields how many it took up.
     */
    public Future<Integer> resume(long workspaceId, String workspace) {
        return store.list(ListRequest.all(new ResourceScope(workspaceId, "", "namespaces", ""))).map(list -> {
            int resumed = 0;
            for (StoredObject stored : list.items()) {
                ObjectNode ns = Json.parseStored(stored.body());
                if ("Terminating".equals(ns.path("status").path("phase").asText())) {
                    terminate(workspaceId, workspace, stored.key().name());
                    resumed++;
                }
            }
            return resumed;
        });
    }

    private Future<Void> empty(long workspaceId, String workspace, String namespace) {
        return catalogs.apply(workspaceId, workspace).compose(catalog -> {
            List<ResourceScope> scopes = new ArrayList<>();
            for (ResourceType type : catalog.all()) {
                if (type.namespaced() && type.supports("delete") && type.supports("list")) {
                    scopes.add(new ResourceScope(workspaceId, type.group(), type.resource(), namespace));
                }
            }
            // One resource and one page at a time: a namespace of 50,000 objects must not flood the pool.
            Future<Void> chain = Future.succeededFuture();
            for (ResourceScope scope : scopes) {
                chain = chain.compose(v -> removeAll(scope));
            }
            return chain.compose(v -> finish(workspaceId, namespace));
        });
    }

    private Future<Void> removeAll(ResourceScope scope) {
        return store.list(ListRequest.all(scope).withLimit(PAGE)).compose(list -> {
            Future<Void> deletes = Future.succeededFuture();
            for (StoredObject o : list.items()) {
                deletes = deletes.compose(v -> store.delete(o.key(), Preconditions.NONE).<Void>mapEmpty()
                        .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture() : Future.failedFuture(e)));
            }
            return deletes.compose(v -> list.continueToken() == null ? Future.<Void>succeededFuture() : removeAll(scope));
        });
    }

    private Future<Void> finish(long workspaceId, String namespace) {
        ObjectKey key = new ObjectKey(workspaceId, "", "namespaces", "", namespace);
        return store.get(key).<Void>compose(stored -> {
            ObjectNode ns = Json.parseStored(stored.body());
            JsonNode specFinalizers = ns.path("spec").path("finalizers");
            if (specFinalizers.isArray()) {
                ArrayNode left = Json.MAPPER.createArrayNode();
                specFinalizers.forEach(f -> {
                    if (!f.asText().equals("kubernetes")) {
                        left.add(f);
                    }
                });
                ((ObjectNode) ns.get("spec")).set("finalizers", left);
            }
            JsonNode metaFinalizers = ns.path("metadata").path("finalizers");
            boolean blocked = metaFinalizers.isArray() && metaFinalizers.size() > 0
                    || ns.path("spec").path("finalizers").size() > 0;
            if (blocked) {
                return store.update(ObjectWrites.toWrite(key, ns), Preconditions.resourceVersion(stored.resourceVersion()))
                        .<Void>mapEmpty();
            }
            return store.delete(key, Preconditions.resourceVersion(stored.resourceVersion())).<Void>mapEmpty();
        }).recover(e -> e instanceof StorageException.NotFound ? Future.<Void>succeededFuture()
                : e instanceof StorageException.Conflict ? finish(workspaceId, namespace) : Future.failedFuture(e));
    }
}
