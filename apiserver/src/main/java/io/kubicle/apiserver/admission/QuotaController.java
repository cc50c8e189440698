package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ResourceQuota {@code status.hard/used} and Workspace {@code status.usage} true to the stored
 * objects. Admission raises usage as it reserves; this recounts after deletes, pods finishing, quota
 * changes and failed writes (so over-reservations heal). A recount of one quota waits until no
 * reservation against it is between its CAS and its object write, and holds new reservations off
 * while it counts, so it never loses one made in this process.
 */
public final class QuotaController {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaController.class);
    private static final long DEBOUNCE_MILLIS = 200;
    private static final long IDLE_POLL_MILLIS = 20;
    private static final int IDLE_POLLS = 250;

    final KeyedQueue queue = new KeyedQueue();
    private final Map<ObjectKey, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final Set<Object> scheduled = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final Store store;
    private final UsageCounter counter;
    private final Supplier<Future<Long>> rootId;
    private final Function<String, Future<Long>> workspaceIds;

    QuotaController(Vertx vertx, Store store, UsageCounter counter, Supplier<Future<Long>> rootId,
                    Function<String, Future<Long>> workspaceIds) {
        this.vertx = vertx;
        this.store = store;
        this.counter = counter;
        this.rootId = rootId;
        this.workspaceIds = workspaceIds;
    }

    static boolean isResourceQuota(ObjectKey key) {
        return key.group().isEmpty() && key.resource().equals("resourcequotas");
    }

    static boolean isWorkspace(ObjectKey key) {
        return key.group().equals(StoredWorkspacePolicies.GROUP) && key.resource().equals(StoredWorkspacePolicies.RESOURCE);
    }

    void reserved(ObjectKey quota) {
        inflight.computeIfAbsent(quota, k -> new AtomicInteger()).incrementAndGet();
    }

    void released(ObjectKey quota, boolean written) {
        AtomicInteger n = inflight.get(quota);
        if (n != null && n.decrementAndGet() <= 0) {
            inflight.remove(quota, n);
        }
        if (!written) {
            schedule(quota);
        }
    }

    /** Recounts {@code quota} (a ResourceQuota or a Workspace object) soon; repeated calls coalesce. */
    public void schedule(ObjectKey quota) {
        debounce(quota, () -> queue.run(quota, () -> idle(quota, 0).compose(v -> recount(quota)))
                .onFailure(e -> LOG.warn("recount of {} failed: {}", quota, e.toString())));
    }

    /**
     * Runs {@code action} once, shortly, however often it is asked for under {@code key} meanwhile: a
     * namespace being emptied must not cost a lookup per deleted object.
     */
    void debounce(Object key, Runnable action) {
        if (scheduled.add(key)) {
            vertx.setTimer(DEBOUNCE_MILLIS, id -> {
                scheduled.remove(key);
                action.run();
            });
        }
    }

    private record NamespaceRef(long workspaceId, String namespace) {
    }

    /** Recounts the ResourceQuotas of a namespace after an object there went away or stopped using resources. */
    void namespaceChanged(long workspaceId, String namespace) {
        if (namespace.isEmpty()) {
            return;
        }
        debounce(new NamespaceRef(workspaceId, namespace), () -> store.list(ListRequest.all(
                        new ResourceScope(workspaceId, "", "resourcequotas", namespace)))
                .onSuccess(list -> list.items().forEach(q -> schedule(q.key()))));
    }

    private Future<Void> idle(ObjectKey quota, int polls) {
        AtomicInteger n = inflight.get(quota);
        if (n == null || n.get() <= 0 || polls >= IDLE_POLLS) {
            return Future.succeededFuture();
        }
        Promise<Void> later = Promise.promise();
        vertx.setTimer(IDLE_POLL_MILLIS, id -> idle(quota, polls + 1).onComplete(ar -> later.complete()));
        return later.future();
    }

    /** Writes the recounted usage into the quota's status; the object as it now is. */
    Future<ObjectNode> recount(ObjectKey quota) {
        return CasUpdate.apply(store, quota, object -> isWorkspace(quota)
                ? workspaceIds.apply(quota.name()).compose(id -> withWorkspaceUsage(object, id))
                : withQuotaUsage(object, quota));
    }

    Future<ObjectNode> withQuotaUsage(ObjectNode quota, ObjectKey key) {
        JsonNode spec = quota.path("spec");
        Map<String, BigDecimal> hard = QuotaLimits.parse(spec.path("hard"));
        return counter.count(key.workspaceId(), key.namespace(), hard.keySet(), spec).map(used -> {
            ObjectNode status = quota.putObject("status");
            status.set("hard", spec.path("hard").deepCopy());
            ObjectNode usedNode = status.putObject("used");
            used.forEach((n, v) -> usedNode.put(n, QuotaUsage.format(n, v)));
            return quota;
        });
    }

    Future<ObjectNode> withWorkspaceUsage(ObjectNode workspace, long workspaceId) {
        WorkspacePolicy policy = WorkspacePolicy.fromSpec(workspace.path("spec"));
        if (!policy.hasQuota()) {
            return Future.succeededFuture(null);
        }
        return counter.count(workspaceId, "", policy.hard().keySet(), null).map(used -> {
            ObjectNode usage = workspace.with("status").putObject("usage");
            used.forEach((n, v) -> usage.put(n, QuotaUsage.format(n, v)));
            return workspace;
        });
    }

    Future<ObjectKey> workspaceKey(String workspace) {
        return rootId.get().map(root -> StoredWorkspacePolicies.workspaceKey(root, workspace));
    }
}
