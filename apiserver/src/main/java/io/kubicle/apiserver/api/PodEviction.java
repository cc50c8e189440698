package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.kinds.BudgetConditions;
import io.kubicle.apiserver.api.kinds.LabelSelectors;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST pods/<name>/eviction} with a policy/v1 (or v1beta1) Eviction, as kube's EvictionREST: a pod that is not
 * running (pending, finished, being deleted) is deleted at once; otherwise the one PodDisruptionBudget that selects it
 * must allow a disruption, which the eviction takes from the budget's status (and names the pod in
 * {@code status.disruptedPods}) before the pod is deleted, or the answer is 429 and the pod stays. The pod gets the
 * {@code DisruptionTarget} condition before it goes. An unready pod under a budget that is met (or that says
 * {@code AlwaysAllow}) goes without taking a disruption.
 */
final class PodEviction {
    /** Approved evictions the disruption controller has not confirmed yet, beyond which none is approved. */
    static final int MAX_DISRUPTED_PODS = 2000;
    /** Conflicting writes of the budget or the pod tried again, as kube's EvictionsRetry (20 steps). */
    private static final int RETRIES = 20;
    static final String VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final io.kubicle.storage.Store store;
    private final ObjectWrites writes;
    private final DeleteHandler deletes;
    private final Clock clock;

    PodEviction(io.kubicle.storage.Store store, DeleteHandler deletes, Clock clock) {
        this.store = store;
        this.writes = new ObjectWrites(store);
        this.deletes = deletes;
        this.clock = clock;
    }

    static boolean handles(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("pods")
                && call.info().subresource().equals("eviction");
    }

    /** Evicts the pod {@code podCall} names; {@code budgets} is a call of the PodDisruptionBudget type in its namespace. */
    Future<ObjectNode> evict(ApiCall podCall, ApiCall budgets, ObjectNode eviction) {
        DeleteHandler.Options options = options(podCall, eviction);
        return attempt(podCall, budgets, options, 0).map(v -> Responses.successStatus(201));
    }

    private static DeleteHandler.Options options(ApiCall podCall, ObjectNode eviction) {
        String apiVersion = Json.text(eviction, "apiVersion");
        String kind = Json.text(eviction, "kind");
        if (!kind.isEmpty() && !kind.equals("Eviction") || !apiVersion.isEmpty() && !apiVersion.equals("policy/v1")
                && !apiVersion.equals("policy/v1beta1")) {
            throw Statuses.badRequest("the body of an eviction must be a policy/v1 Eviction, not " + apiVersion + " " + kind);
        }
        ObjectNode meta = Json.metadata(eviction);
        if (!podCall.info().name().equals(Json.text(meta, "name"))) {
            throw Statuses.badRequest("name in URL does not match name in Eviction object");
        }
        String namespace = Json.text(meta, "namespace");
        if (!namespace.isEmpty() && !namespace.equals(podCall.info().namespace())) {
            throw Statuses.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        JsonNode deleteOptions = eviction.path("deleteOptions");
        JsonNode bodyDryRun = deleteOptions.path("dryRun");
        List<String> queryDryRun = podCall.ctx().queryParam("dryRun");
        if (bodyDryRun.isArray() && !bodyDryRun.isEmpty() && !queryDryRun.isEmpty()) {
            List<String> inBody = new ArrayList<>();
            bodyDryRun.forEach(v -> inBody.add(v.asText()));
            if (!inBody.equals(queryDryRun)) {
                throw Statuses.badRequest("Non-matching dry-run options in request and content: " + queryDryRun + " and " + inBody);
            }
        }
        return DeleteHandler.Options.of(podCall, deleteOptions.isObject() ? deleteOptions : null);
    }

    private Future<Void> attempt(ApiCall podCall, ApiCall budgets, DeleteHandler.Options options, int round) {
        return store.get(podCall.key()).recover(e -> Future.failedFuture(ObjectWrites.translate(e, podCall.type(),
                podCall.info().name()))).compose(stored -> {
            ObjectNode pod = Json.parseStored(stored.body());
            if (!budgetApplies(pod)) {
                // a pod that is not running has caused its disruption already: no budget is asked
                DeleteHandler.Options pinned = options.resourceVersion() == null && !finishedOrDeleting(pod)
                        ? withVersion(options, stored.resourceVersion()) : options;
                return markAndDelete(podCall, pinned).recover(e -> conflict(e) && options.resourceVersion() == null
                        && round < RETRIES ? attempt(podCall, budgets, options, round + 1) : Future.failedFuture(e));
            }
            return matchingBudgets(budgets, pod).compose(found -> {
                if (found.size() > 1) {
                    List<String> names = found.stream().map(b -> Json.text(Json.metadata(b), "name")).toList();
                    // kube answers 500; the pod's budgets are the user's to fix, so this says so with a 4xx
                    return Future.failedFuture(Statuses.forbidden("", "pods", podCall.info().name(), "This pod has more"
                            + " than one PodDisruptionBudget, which the eviction subresource does not support: "
                            + String.join(", ", names)));
                }
                if (found.isEmpty()) {
                    return markAndDelete(podCall, options);
                }
                ObjectNode budget = found.get(0);
                if (!ready(pod) && unhealthyMayGo(budget)) {
                    // it counts as unhealthy already: nothing is taken from the budget, but it must not turn ready meanwhile
                    DeleteHandler.Options pinned = options.resourceVersion() == null
                            ? withVersion(options, stored.resourceVersion()) : options;
                    return markAndDelete(podCall, pinned).recover(e -> conflict(e) && options.resourceVersion() == null
                            ? Future.failedFuture(stillProcessing(Json.text(Json.metadata(budget), "name")))
                            : Future.failedFuture(e));
                }
                return takeDisruption(budgets, budget, podCall.info().name(), options.dryRun(), 0)
                        .compose(v -> markAndDelete(podCall, options));
            });
        });
    }

    /** kube's canIgnorePDB, inverted: a running pod (not pending, not finished, not being deleted). */
    private static boolean budgetApplies(ObjectNode pod) {
        String phase = Json.text(pod.path("status"), "phase");
        return !finishedOrDeleting(pod) && !phase.equals("Pending") && !phase.isEmpty();
    }

    private static boolean finishedOrDeleting(ObjectNode pod) {
        String phase = Json.text(pod.path("status"), "phase");
        return phase.equals("Succeeded") || phase.equals("Failed") || !Json.text(Json.metadata(pod), "deletionTimestamp").isEmpty();
    }

    private static boolean unhealthyMayGo(ObjectNode budget) {
        JsonNode status = budget.path("status");
        if ("AlwaysAllow".equals(Json.text(budget.path("spec"), "unhealthyPodEvictionPolicy"))) {
            return true;
        }
        int desired = status.path("desiredHealthy").asInt(0);
        return desired > 0 && status.path("currentHealthy").asInt(0) >= desired;
    }

    /** The namespace's budgets whose selector picks the pod; one without a selector, or an empty one, picks none here. */
    private Future<List<ObjectNode>> matchingBudgets(ApiCall budgets, ObjectNode pod) {
        Map<String, String> labels = new java.util.HashMap<>();
        Json.metadata(pod).path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        ResourceScope scope = new ResourceScope(budgets.workspaceId(), budgets.type().group(), budgets.type().resource(),
                budgets.info().namespace());
        return store.list(ListRequest.all(scope)).map(list -> {
            List<ObjectNode> found = new ArrayList<>();
            for (StoredObject stored : list.items()) {
                ObjectNode budget = ObjectLifecycle.withResourceVersion(Json.parseStored(stored.body()), stored.resourceVersion());
                JsonNode selector = budget.path("spec").path("selector");
                if (selector.isObject() && !LabelSelectors.isEmpty(selector) && LabelSelectors.matches(selector, labels)) {
                    found.add(budget);
                }
            }
            return found;
        });
    }

    /** kube's checkAndDecrement, retried against the budget as it is now when another eviction wrote it first. */
    private Future<Void> takeDisruption(ApiCall budgets, ObjectNode budget, String podName, boolean dryRun, int round) {
        String name = Json.text(Json.metadata(budget), "name");
        JsonNode status = budget.path("status");
        if (status.path("observedGeneration").asLong(0) < budget.path("metadata").path("generation").asLong(0)) {
            return Future.failedFuture(stillProcessing(name));
        }
        int allowed = status.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            return Future.failedFuture(Statuses.forbidden("policy", "poddisruptionbudget", name, "pdb disruptions allowed is negative"));
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            return Future.failedFuture(Statuses.forbidden("policy", "poddisruptionbudget", name,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller"));
        }
        if (allowed == 0) {
            return Future.failedFuture(Statuses.tooManyRequests(VIOLATES, 0, List.of(new ApiError.Cause("DisruptionBudget",
                    "The disruption budget " + name + " needs " + status.path("desiredHealthy").asInt(0) + " healthy pods and has "
                            + status.path("currentHealthy").asInt(0) + " currently", null))));
        }
        if (dryRun) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        long version = Long.parseLong(Json.text(Json.metadata(budget), "resourceVersion"));
        return writes.update(budgets, budgets.key(name), version, current -> {
            ObjectNode next = current.deepCopy();
            ObjectNode nextStatus = next.with("status");
            nextStatus.put("disruptionsAllowed", allowed - 1);
            if (allowed - 1 == 0) {
                BudgetConditions.follow(nextStatus, now);
            }
            nextStatus.with("disruptedPods").put(podName, now.truncatedTo(ChronoUnit.SECONDS).toString());
            return next;
        }, false).<Void>mapEmpty().recover(e -> {
            if (!conflict(e) || round >= RETRIES) {
                return Future.failedFuture(e);
            }
            return store.get(budgets.key(name)).compose(fresh -> takeDisruption(budgets, ObjectLifecycle.withResourceVersion(
                    Json.parseStored(fresh.body()), fresh.resourceVersion()), podName, dryRun, round + 1));
        });
    }

    /** kube's addConditionAndDeletePod: the pod says why it goes (DisruptionTarget), then it is deleted. */
    private Future<Void> markAndDelete(ApiCall podCall, DeleteHandler.Options options) {
        if (options.dryRun()) {
            return deletes.delete(podCall, options).mapEmpty();
        }
        Instant now = clock.instant();
        return writes.update(podCall, podCall.key(), null, pod -> {
            ObjectNode meta = Json.metadata(pod);
            if (options.uid() != null && !options.uid().equals(Json.text(meta, "uid"))) {
                throw Statuses.conflict("", "pods", podCall.info().name(), "Precondition failed: UID in precondition: "
                        + options.uid() + ", UID in object meta: " + Json.text(meta, "uid"));
            }
            if (options.resourceVersion() != null && !options.resourceVersion().toString().equals(Json.text(meta, "resourceVersion"))) {
                throw Statuses.conflict("", "pods", podCall.info().name(), "Precondition failed: ResourceVersion in precondition: "
                        + options.resourceVersion() + ", ResourceVersion in object meta: " + Json.text(meta, "resourceVersion"));
            }
            PodConditions.setTrue(pod.with("status"), "DisruptionTarget", "EvictionByEvictionAPI", "Eviction API: evicting", now);
            return pod;
        }, false).compose(marked -> deletes.delete(podCall, options.resourceVersion() == null ? options
                : withVersion(options, marked.resourceVersion()))).mapEmpty();
    }

    private static boolean ready(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(Json.text(c, "type"))) {
                return "True".equals(Json.text(c, "status"));
            }
        }
        return false;
    }

    private static DeleteHandler.Options withVersion(DeleteHandler.Options options, long resourceVersion) {
        return new DeleteHandler.Options(options.propagationPolicy(), options.uid(), resourceVersion, options.dryRun());
    }

    private static boolean conflict(Throwable e) {
        return e instanceof ApiError api && api.code() == 409;
    }

    static ApiError stillProcessing(String budget) {
        return Statuses.tooManyRequests(VIOLATES, 10, List.of(new ApiError.Cause("DisruptionBudget",
                "The disruption budget " + budget + " is still being processed by the server.", null)));
    }
}
