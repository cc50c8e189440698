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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace controller's job: once a namespace is Terminating, remove everything in it, then
 * drop the "kubernetes" finalizer and the namespace itself. An object with finalizers is only marked
 * (deletionTimestamp), as a DELETE marks it, and the namespace stays Terminating until whoever owns those
 * finalizers has removed them and the object is gone. Runs asynchronously, as in Kubernetes,
 * so `kubectl delete ns` returns at once and `--wait` watches the namespace disappear. Cleanup is
 * guaranteed: a failed pass is retried with backoff until it succeeds, and after a restart
 * {@link #resume} picks up every namespace a previous run left Terminating.
 */
public final class NamespaceTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceTerminator.class);
    private static final int PAGE = 500;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;
    /** How long at most between looks at content held by finalizers (kube's namespace controller requeues alike). */
    private static final long MAX_WAIT_MILLIS = 5_000;
    private final Vertx vertx;
    private final Store store;
    private final ServiceAddresses addresses;
    private final BiFunction<Long, String, Future<ResourceCatalog>> catalogs;

    /** {@code catalogs} yields a workspace's catalog with its CRDs, by workspace id and name. */
    public NamespaceTerminator(Vertx vertx, Store store, BiFunction<Long, String, Future<ResourceCatalog>> catalogs) {
        this.vertx = vertx;
        this.store = store;
        this.addresses = new ServiceAddresses(store);
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
            long delay = Math.min(e instanceof ContentRemaining ? MAX_WAIT_MILLIS : MAX_RETRY_MILLIS,
                    FIRST_RETRY_MILLIS << Math.min(failures, 10));
            if (e instanceof ContentRemaining) {
                LOG.debug("namespace {} of workspace {}: {}; looking again in {} ms", namespace, workspaceId, e.getMessage(), delay);
            } else {
                LOG.warn("namespace {} of workspace {} could not be emptied yet; retrying in {} ms", namespace, workspaceId,
                        delay, e);
            }
            vertx.setTimer(delay, t -> attempt(workspaceId, workspace, namespace, failures + 1, gone));
        });
    }

    /** Objects still in the namespace because finalizers hold them: not a failure, a reason to look again. */
    static final class ContentRemaining extends RuntimeException {
        ContentRemaining(int count) {
            super(count + " object(s) wait for their finalizers", null, false, false);
        }
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
            AtomicInteger held = new AtomicInteger();
            Future<Void> chain = Future.succeededFuture();
            for (ResourceScope scope : scopes) {
                chain = chain.compose(v -> removeAll(ListRequest.all(scope).withLimit(PAGE), held));
            }
            return chain.compose(v -> held.get() > 0 ? Future.failedFuture(new ContentRemaining(held.get()))
                    : finish(workspaceId, namespace));
        });
    }

    /** Deletes what has no finalizers and marks what has; counts the marked ones in {@code held}. */
    private Future<Void> removeAll(ListRequest page, AtomicInteger held) {
        return store.list(page).compose(list -> {
            Future<Void> deletes = Future.succeededFuture();
            for (StoredObject o : list.items()) {
                deletes = deletes.compose(v -> remove(o, held)
                        .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture() : Future.failedFuture(e)));
            }
            // held objects stay listed, so the next page follows the token rather than starting over
            return deletes.compose(v -> list.continueToken() == null ? Future.<Void>succeededFuture()
                    : removeAll(page.withContinue(list.continueToken()), held));
        });
    }

    private Future<Void> remove(StoredObject stored, AtomicInteger held) {
        ObjectNode object = Json.parseStored(stored.body());
        ObjectNode meta = Json.metadata(object);
        if (meta.path("finalizers").size() == 0) {
            return store.delete(stored.key(), Preconditions.NONE).compose(deleted -> addresses.release(stored.key(), object));
        }
        held.incrementAndGet();
        if (!Json.text(meta, "deletionTimestamp").isEmpty()) {
            return Future.succeededFuture();
        }
        meta.put("deletionTimestamp", ObjectLifecycle.timestamp(Instant.now()));
        meta.put("deletionGracePeriodSeconds", 0);
        // a concurrent writer wins; the next look marks the object again if it still needs it
        return store.update(ObjectWrites.toWrite(stored.key(), object), Preconditions.resourceVersion(stored.resourceVersion()))
                .<Void>mapEmpty().recover(e -> e instanceof StorageException.Conflict ? Future.succeededFuture() : Future.failedFuture(e));
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
