package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.ObjectWrites;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps aggregated ClusterRoles (admin, edit, view, and any with an aggregationRule) current after a
 * ClusterRole of the workspace changes, writing their rules as kube's aggregation controller does.
 * Each write is a compare-and-swap; a lost race is retried from a fresh list.
 */
final class ClusterRoleAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRoleAggregator.class);
    private static final int MAX_PASSES = 5;

    private final Store store;
    private final PolicyCache cache;

    ClusterRoleAggregator(Store store, PolicyCache cache) {
        this.store = store;
        this.cache = cache;
    }

    Future<Void> reconcile(long workspaceId) {
        return pass(workspaceId, 0).onFailure(e -> LOG.warn("ClusterRole aggregation in workspace {} failed", workspaceId, e));
    }

    private Future<Void> pass(long workspaceId, int n) {
        if (n >= MAX_PASSES) {
            return Future.succeededFuture();
        }
        return store.list(ListRequest.all(new ResourceScope(workspaceId, PolicyCache.GROUP, "clusterroles", "")))
                .compose(list -> writeChanged(list).compose(changed -> {
                    if (!changed) {
                        return Future.succeededFuture();
                    }
                    cache.invalidate(workspaceId);
                    // an aggregated role may itself be aggregated (edit into admin): go again
                    return pass(workspaceId, n + 1);
                }, e -> pass(workspaceId, n + 1)));
    }

    private Future<Boolean> writeChanged(ListResult list) {
        List<ObjectNode> roles = new ArrayList<>();
        list.items().forEach(o -> roles.add(Json.parseStored(o.body())));
        List<Future<StoredObject>> writes = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            ObjectNode role = roles.get(i);
            if (!Aggregation.isAggregated(role)) {
                continue;
            }
            List<PolicyRule> rules = Aggregation.rulesFor(role, roles);
            if (rules.equals(PolicyRule.listFrom(role.get("rules")))) {
                continue;
            }
            ObjectNode next = role.deepCopy();
            next.set("rules", PolicyRule.toJson(rules));
            StoredObject stored = list.items().get(i);
            writes.add(store.update(ObjectWrites.toWrite(stored.key(), next),
                    Preconditions.resourceVersion(stored.resourceVersion())));
        }
        return Future.all(writes).map(v -> !writes.isEmpty());
    }
}
