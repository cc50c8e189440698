package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.NamespaceListers;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube's ResourceQuota admission: each quota of the namespace that tracks what the write adds is
 * charged by a compare-and-swap of its {@code status.used} before the object is stored, or the write
 * is refused with kube's "exceeded quota" message. Quotas are charged in name order.
 */
final class ResourceQuotaAdmission {
    private final Store store;
    private final QuotaController controller;
    private final UsageCounter counter;
    private final NamespaceListers listers;

    ResourceQuotaAdmission(Store store, QuotaController controller, UsageCounter counter, NamespaceListers listers) {
        this.store = store;
        this.controller = controller;
        this.counter = counter;
        this.listers = listers;
    }

    /** The quotas charged (empty for dryRun, which only checks). */
    Future<List<ObjectKey>> admit(ApiCall call, ObjectNode object, ObjectNode old, boolean dryRun) {
        String namespace = call.info().namespace();
        if (!call.type().namespaced() || namespace.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        if (listers.knownWithoutQuotas(call.workspaceId(), namespace)) {
            return Future.succeededFuture(List.of()); // the usual namespace: no quota to charge, no list to read
        }
        return store.list(ListRequest.all(new ResourceScope(call.workspaceId(), "", "resourcequotas", namespace)))
                .compose(list -> chargeEach(call, object, old, dryRun, list.items(), 0, new ArrayList<>()));
    }

    private Future<List<ObjectKey>> chargeEach(ApiCall call, ObjectNode object, ObjectNode old, boolean dryRun,
                                               List<StoredObject> quotas, int index, List<ObjectKey> charged) {
        if (index >= quotas.size()) {
            return Future.succeededFuture(charged);
        }
        StoredObject quota = quotas.get(index);
        JsonNode spec = Json.parseStored(quota.body()).path("spec");
        String unmet = constraintsOf(spec, call, object, old);
        if (unmet != null) {
            charged.forEach(k -> controller.released(k, false));
            return Future.failedFuture(Statuses.forbidden(call.type().group(), call.type().resource(),
                    Json.text(Json.metadata(object), "name"), "failed quota: " + quota.key().name() + ": " + unmet));
        }
        Map<String, BigDecimal> delta = delta(spec, call, object, old);
        Future<Boolean> one = delta.isEmpty() ? Future.succeededFuture(false)
                : controller.queue.run(quota.key(), () -> charge(call, quota.key(), object, old, dryRun));
        return one.recover(e -> {
            charged.forEach(k -> controller.released(k, false));
            return Future.failedFuture(e);
        }).compose(reserved -> {
            if (reserved) {
                charged.add(quota.key());
            }
            return chargeEach(call, object, old, dryRun, quotas, index + 1, charged);
        });
    }

    /** A new pod must state the cpu/memory a quota limits; kube checks this on create only. */
    private static String constraintsOf(JsonNode spec, ApiCall call, ObjectNode object, ObjectNode old) {
        boolean newPod = old == null && call.type().group().isEmpty() && call.type().resource().equals("pods");
        if (!newPod || !QuotaScopes.matches(spec, "", "pods", object)) {
            return null;
        }
        return PodQuotaConstraints.missing(QuotaLimits.parse(spec.path("hard")).keySet(), object.path("spec"));
    }

    /** What the write adds under the names this quota limits; empty when it adds nothing there. */
    private static Map<String, BigDecimal> delta(JsonNode spec, ApiCall call, ObjectNode object, ObjectNode old) {
        String group = call.type().group();
        String resource = call.type().resource();
        Map<String, BigDecimal> next = QuotaScopes.matches(spec, group, resource, object)
                ? QuotaUsage.of(group, resource, object) : Map.of();
        Map<String, BigDecimal> before = old != null && QuotaScopes.matches(spec, group, resource, old)
                ? QuotaUsage.of(group, resource, old) : Map.of();
        Map<String, BigDecimal> delta = QuotaUsage.delta(next, before);
        Map<String, BigDecimal> hard = QuotaLimits.parse(spec.path("hard"));
        delta.keySet().retainAll(QuotaLimits.touched(hard, delta));
        return delta;
    }

    private Future<Boolean> charge(ApiCall call, ObjectKey key, ObjectNode object, ObjectNode old, boolean dryRun) {
        boolean[] reserved = {false};
        return CasUpdate.apply(store, key, quota -> {
            reserved[0] = false;
            JsonNode spec = quota.path("spec");
            Map<String, BigDecimal> delta = delta(spec, call, object, old);
            if (delta.isEmpty()) {
                return Future.succeededFuture(null);
            }
            Map<String, BigDecimal> hard = QuotaLimits.parse(spec.path("hard"));
            return usedOf(quota, key, hard).compose(used -> {
                List<QuotaLimits.Exceeded> broken = QuotaLimits.exceeded(hard, used, delta);
                if (!broken.isEmpty()) {
                    return Future.failedFuture(Statuses.forbidden(call.type().group(), call.type().resource(),
                            Json.text(Json.metadata(object), "name"),
                            QuotaLimits.resourceQuotaMessage(key.name(), broken)));
                }
                if (dryRun) {
                    return Future.succeededFuture(null);
                }
                ObjectNode status = quota.putObject("status");
                status.set("hard", spec.path("hard").deepCopy());
                ObjectNode usedNode = status.putObject("used");
                for (String name : hard.keySet()) {
                    BigDecimal v = used.getOrDefault(name, BigDecimal.ZERO).add(delta.getOrDefault(name, BigDecimal.ZERO));
                    usedNode.put(name, QuotaUsage.format(name, v));
                }
                reserved[0] = true;
                return Future.succeededFuture(quota);
            });
        }).map(written -> {
            if (reserved[0]) {
                controller.reserved(key);
            }
            return reserved[0];
        });
    }

    /** status.used, or a fresh count when the controller has not recorded every limited name yet. */
    private Future<Map<String, BigDecimal>> usedOf(ObjectNode quota, ObjectKey key, Map<String, BigDecimal> hard) {
        JsonNode usedNode = quota.path("status").path("used");
        Set<String> missing = new TreeSet<>(hard.keySet());
        usedNode.fieldNames().forEachRemaining(missing::remove);
        if (missing.isEmpty()) {
            return Future.succeededFuture(QuotaLimits.parse(usedNode));
        }
        return counter.count(key.workspaceId(), key.namespace(), hard.keySet(), quota.path("spec"));
    }
}
