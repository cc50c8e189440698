package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workspace-wide quota of {@code Workspace.spec.quota}: every namespace counts, and
 * {@code objects} counts every stored object. Charged like a ResourceQuota, by compare-and-swap of
 * the Workspace object's {@code status.usage} in the root workspace.
 */
final class WorkspaceQuotaAdmission {
    private final Store store;
    private final QuotaController controller;
    private final UsageCounter counter;

    WorkspaceQuotaAdmission(Store store, QuotaController controller, UsageCounter counter) {
        this.store = store;
        this.controller = controller;
        this.counter = counter;
    }

    /** The Workspace object charged, or null when nothing was (no quota, nothing added, or dryRun). */
    Future<ObjectKey> admit(ApiCall call, ObjectNode object, ObjectNode old, WorkspacePolicy cached, boolean dryRun) {
        if (!cached.hasQuota()) {
            return Future.succeededFuture(null);
        }
        String unmet = constraintsOf(cached, call, object, old);
        if (unmet != null) {
            return Future.failedFuture(Statuses.forbidden(call.type().group(), call.type().resource(),
                    Json.text(Json.metadata(object), "name"), "workspace \"" + call.workspace() + "\" quota: " + unmet));
        }
        if (delta(cached, call, object, old).isEmpty()) {
            return Future.succeededFuture(null);
        }
        return controller.workspaceKey(call.workspace()).compose(key ->
                controller.queue.run(key, () -> charge(call, key, object, old, dryRun)));
    }

    /**
     * A new pod must state the cpu and memory the workspace quota limits, as under a ResourceQuota: the syncer mirrors the
     * quota as a host ResourceQuota, which would refuse the pod on the host instead.
     */
    private static String constraintsOf(WorkspacePolicy policy, ApiCall call, ObjectNode object, ObjectNode old) {
        boolean newPod = old == null && call.type().group().isEmpty() && call.type().resource().equals("pods");
        return newPod ? PodQuotaConstraints.missing(policy.hard().keySet(), object.path("spec")) : null;
    }

    static Map<String, BigDecimal> delta(WorkspacePolicy policy, ApiCall call, ObjectNode object, ObjectNode old) {
        String group = call.type().group();
        String resource = call.type().resource();
        Map<String, BigDecimal> next = QuotaUsage.of(group, resource, object);
        Map<String, BigDecimal> before = QuotaUsage.of(group, resource, old);
        if (old == null) {
            next.put(WorkspacePolicy.OBJECTS, BigDecimal.ONE);
        }
        Map<String, BigDecimal> delta = QuotaUsage.delta(next, before);
        delta.keySet().retainAll(QuotaLimits.touched(policy.hard(), delta));
        return delta;
    }

    private Future<ObjectKey> charge(ApiCall call, ObjectKey key, ObjectNode object, ObjectNode old, boolean dryRun) {
        boolean[] reserved = {false};
        return CasUpdate.apply(store, key, workspace -> {
            reserved[0] = false;
            WorkspacePolicy policy = WorkspacePolicy.fromSpec(workspace.path("spec"));
            Map<String, BigDecimal> delta = delta(policy, call, object, old);
            if (delta.isEmpty()) {
                return Future.succeededFuture(null);
            }
            return usageOf(workspace, call.workspaceId(), policy).compose(used -> {
                List<QuotaLimits.Exceeded> broken = QuotaLimits.exceeded(policy.hard(), used, delta);
                if (!broken.isEmpty()) {
                    return Future.failedFuture(Statuses.forbidden(call.type().group(), call.type().resource(),
                            Json.text(Json.metadata(object), "name"), QuotaLimits.workspaceMessage(call.workspace(), broken)));
                }
                if (dryRun) {
                    return Future.succeededFuture(null);
                }
                ObjectNode usage = workspace.with("status").putObject("usage");
                for (String name : policy.hard().keySet()) {
                    BigDecimal v = used.getOrDefault(name, BigDecimal.ZERO).add(delta.getOrDefault(name, BigDecimal.ZERO));
                    usage.put(name, QuotaUsage.format(name, v));
                }
                reserved[0] = true;
                return Future.succeededFuture(workspace);
            });
        }).map(written -> {
            if (reserved[0]) {
                controller.reserved(key);
                return key;
            }
            return null;
        });
    }

    private Future<Map<String, BigDecimal>> usageOf(ObjectNode workspace, long workspaceId, WorkspacePolicy policy) {
        JsonNode usage = workspace.path("status").path("usage");
        Set<String> missing = new TreeSet<>(policy.hard().keySet());
        usage.fieldNames().forEachRemaining(missing::remove);
        if (missing.isEmpty()) {
            return Future.succeededFuture(QuotaLimits.parse(usage));
        }
        return counter.count(workspaceId, "", policy.hard().keySet(), null);
    }
}
