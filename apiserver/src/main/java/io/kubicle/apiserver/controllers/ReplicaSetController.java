package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * kube's ReplicaSetController.syncReplicaSet for one ReplicaSet: adopt matching orphans, release pods
 * that stopped matching, create or delete pods towards spec.replicas, then write status. Finished and
 * terminating pods do not count. Pure: the lists in, a {@link Plan} out.
 */
final class ReplicaSetController {
    static final String COMPONENT = "replicaset-controller";
    /** kube's burstReplicas: at most this many creates or deletes per sync. */
    static final int BURST = 500;

    private ReplicaSetController() {
    }

    static Plan plan(ObjectNode rs, List<ObjectNode> pods, Instant now, long backoffMillis) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("apps/v1", "ReplicaSet", rs);
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode pod : pods) {
            if (Workload.controlledBy(pod, rs)) {
                if (Workload.selects(rs, pod) || Workload.deleting(rs)) {
                    owned.add(pod);
                } else {
                    plan.add(new Plan.Replace(Resource.PODS, Workload.released(pod, rs), false));
                }
            } else if (Workload.controllerRef(pod) == null && !Workload.deleting(pod) && !Workload.deleting(rs)
                    && Workload.selects(rs, pod)) {
                owned.add(pod);
                plan.add(new Plan.Replace(Resource.PODS, Workload.adopted(pod, Workload.ownerRef(rs, "apps/v1",
                        "ReplicaSet")), false));
            }
        }
        List<ObjectNode> active = owned.stream().filter(Workload::active).toList();
        int diff = active.size() - Workload.replicas(rs);
        if (!Workload.deleting(rs) && diff < 0) {
            if (backoffMillis > 0) {
                plan.requeue(backoffMillis);
            } else {
                List<Plan.Create> creates = new ArrayList<>();
                for (int i = 0; i < Math.min(-diff, BURST); i++) {
                    creates.add(new Plan.Create(Resource.PODS, Workload.podFromTemplate(rs, rs.path("spec").path("template"),
                            Workload.ownerRef(rs, "apps/v1", "ReplicaSet")), involved, "SuccessfulCreate", "Created pod: {name}"));
                }
                plan.add(new Plan.Creates(creates));
            }
        } else if (!Workload.deleting(rs) && diff > 0) {
            for (ObjectNode pod : toDelete(active, Math.min(diff, BURST))) {
                plan.add(new Plan.Delete(Resource.PODS, pod, involved, "SuccessfulDelete", "Deleted pod: " + Workload.name(pod)));
            }
        }
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        ObjectNode status = status(rs, active, minReady, now);
        if (!status.equals(rs.path("status"))) {
            ObjectNode next = rs.deepCopy();
            next.set("status", status);
            plan.add(new Plan.Replace(Resource.REPLICASETS, next, true));
        }
        active.forEach(pod -> plan.requeue(Workload.untilAvailable(pod, minReady, now)));
        return plan.build();
    }

    static ObjectNode status(ObjectNode rs, List<ObjectNode> active, int minReady, Instant now) {
        Map<String, String> templateLabels = Workload.labels(rs.path("spec").path("template"));
        int fully = 0;
        int ready = 0;
        int available = 0;
        for (ObjectNode pod : active) {
            if (Workload.labels(pod).entrySet().containsAll(templateLabels.entrySet())) {
                fully++;
            }
            ready += Workload.ready(pod) ? 1 : 0;
            available += Workload.available(pod, minReady, now) ? 1 : 0;
        }
        ObjectNode status = rs.path("status").isObject() ? (ObjectNode) rs.get("status").deepCopy()
                : io.kubicle.apiserver.api.Json.object();
        status.put("replicas", active.size());
        counter(status, "fullyLabeledReplicas", fully);
        counter(status, "readyReplicas", ready);
        counter(status, "availableReplicas", available);
        counter(status, "observedGeneration", rs.path("metadata").path("generation").asLong(0));
        return status;
    }

    /** Sets a Go omitempty counter: absent when zero. */
    static void counter(ObjectNode status, String field, long value) {
        if (value == 0) {
            status.remove(field);
        } else if (value == (int) value) {
            status.put(field, (int) value); // parsed bodies hold ints, and IntNode never equals LongNode
        } else {
            status.put(field, value);
        }
    }

    /** kube's getPodsToDelete ranking: the pods it is cheapest to lose go first. */
    static List<ObjectNode> toDelete(List<ObjectNode> active, int count) {
        Comparator<ObjectNode> order = Comparator
                .comparing((ObjectNode p) -> !p.path("spec").path("nodeName").asText("").isEmpty())
                .thenComparing(p -> switch (Workload.phase(p)) {
                    case "Pending" -> 0;
                    case "Running" -> 2;
                    default -> 1;
                })
                .thenComparing(Workload::ready)
                .thenComparing(ReplicaSetController::readySince, Comparator.reverseOrder())
                .thenComparing(ReplicaSetController::restarts, Comparator.reverseOrder())
                .thenComparing(Workload::created, Comparator.reverseOrder());
        return active.stream().sorted(order).limit(count).toList();
    }

    private static Instant readySince(JsonNode pod) {
        JsonNode c = Workload.condition(pod, "Ready");
        return c == null || !Workload.ready(pod) ? Instant.EPOCH : Workload.time(c.path("lastTransitionTime").asText(""));
    }

    private static int restarts(JsonNode pod) {
        int n = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            n = Math.max(n, s.path("restartCount").asInt(0));
        }
        return n;
    }

}
