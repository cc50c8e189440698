package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.kinds.BudgetConditions;
import io.kubicle.apiserver.api.kinds.LabelSelectors;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-controller-manager's disruption controller for one PodDisruptionBudget: how many of its pods must stay healthy
 * (from minAvailable, or from maxUnavailable or a percentage against the scale of the pods' controllers), how many are
 * healthy now, and so how many disruptions the eviction API may allow. The status is written only when it changed.
 * Evictions the API approved ({@code status.disruptedPods}) stop counting as healthy for two minutes; a
 * pass is asked for when the first of them runs out.
 */
final class DisruptionController {
    static final String COMPONENT = "disruption-controller";

    private DisruptionController() {
    }

    /**
     * The workload objects whose scale the pods' controllers have, as listed in the same pass, and the replicas of other
     * controllers by uid, read from their scale subresource ({@link ControllerScales}).
     */
    record Controllers(List<ObjectNode> replicaSets, List<ObjectNode> deployments, List<ObjectNode> statefulSets,
                       Map<String, Integer> others) {
        /** A namespace without ReplicaSets, Deployments and StatefulSets. */
        static final Controllers NONE = new Controllers(List.of(), List.of(), List.of());

        Controllers(List<ObjectNode> replicaSets, List<ObjectNode> deployments, List<ObjectNode> statefulSets) {
            this(replicaSets, deployments, statefulSets, Map.of());
        }

        Controllers with(Map<String, Integer> scales) {
            return new Controllers(replicaSets, deployments, statefulSets, scales);
        }
    }

    /** What the budget needs: {@code error} instead when it cannot be told (the fail-safe status then allows nothing). */
    record Expected(int expectedPods, int desiredHealthy, List<String> unmanaged, String error) {
    }

    static Plan plan(ObjectNode pdb, List<ObjectNode> namespacePods, Controllers controllers, Instant now) {
        List<ObjectNode> pods = selected(pdb, namespacePods);
        Expected expected = expected(pdb, pods, controllers);
        Plan.Involved involved = new Plan.Involved("policy/v1", "PodDisruptionBudget", pdb);
        Plan.Builder plan = new Plan.Builder();
        ObjectNode next = pdb.deepCopy();
        ObjectNode status = Workload.status(next);
        // ints, as the stored status parses: an unchanged status must compare equal
        int generation = pdb.path("metadata").path("generation").asInt(0);
        if (expected.error() != null) {
            // kube's failSafe: nothing may be disrupted while the budget cannot be computed
            status.put("disruptionsAllowed", 0);
            BudgetConditions.set(status, "False", "SyncFailed", expected.error(), status.path("observedGeneration").asInt(0), now);
            if (!status.equals(pdb.path("status"))) {
                plan.add(new Plan.Event(involved, "Warning", "CalculateExpectedPodCountFailed",
                        "Failed to calculate the number of expected pods: " + expected.error()));
                plan.add(new Plan.Replace(Resource.PODDISRUPTIONBUDGETS, next, true));
            }
            return plan.build();
        }
        Map<String, String> disrupted = new TreeMap<>();
        List<Plan.Step> notDeleted = new ArrayList<>();
        Instant recheck = null;
        JsonNode approved = pdb.path("status").path("disruptedPods");
        for (ObjectNode pod : pods) {
            String name = Workload.name(pod);
            if (Workload.deleting(pod) || !approved.has(name)) {
                continue;
            }
            Instant expires = Workload.time(approved.get(name).asText("")).plus(BudgetConditions.DELETION_TIMEOUT);
            if (expires.isBefore(now)) {
                // approved but never deleted: it counts again, and the pod's Events say so in kube's words (kube prints the
                // namespace twice where the budget's name belongs)
                notDeleted.add(new Plan.Event(new Plan.Involved("v1", "Pod", pod), "Warning", "NotDeleted", "Pod was expected by PDB "
                        + pdb.path("metadata").path("namespace").asText("") + "/" + Workload.name(pdb) + " to be deleted but it wasn't"));
                continue;
            }
            disrupted.put(name, approved.get(name).asText());
            recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
        }
        int healthy = 0;
        for (ObjectNode pod : pods) {
            if (!Workload.deleting(pod) && !disrupted.containsKey(Workload.name(pod)) && Workload.ready(pod)) {
                healthy++;
            }
        }
        int allowed = expected.expectedPods() <= 0 ? 0 : Math.max(0, healthy - expected.desiredHealthy());
        status.removeAll();
        status.put("observedGeneration", generation);
        if (!disrupted.isEmpty()) {
            ObjectNode map = status.putObject("disruptedPods");
            disrupted.forEach(map::put);
        }
        status.put("disruptionsAllowed", allowed).put("currentHealthy", healthy)
                .put("desiredHealthy", expected.desiredHealthy()).put("expectedPods", expected.expectedPods());
        JsonNode conditions = pdb.path("status").path("conditions");
        if (conditions.isArray()) {
            status.set("conditions", conditions.deepCopy());
        }
        BudgetConditions.follow(status, now);
        if (recheck != null) {
            plan.requeue(Math.max(1, Duration.between(now, recheck).toMillis()));
        }
        if (status.equals(pdb.path("status"))) {
            return plan.build();
        }
        if (pods.isEmpty()) {
            plan.add(new Plan.Event(involved, "Normal", "NoPods", "No matching pods found"));
        }
        if (!expected.unmanaged().isEmpty()) {
            plan.add(new Plan.Event(involved, "Warning", "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
                    + LabelSelectors.asString(pdb.path("spec").path("selector")) + ") were found to be unmanaged. As a result,"
                    + " the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account"
                    + " for these pods please set \".spec.minAvailable\" field of the PDB to an integer value."));
        }
        notDeleted.forEach(plan::add);
        plan.add(new Plan.Replace(Resource.PODDISRUPTIONBUDGETS, next, true));
        return plan.build();
    }

    /** The namespace's pods the budget's selector picks: a missing selector picks none, an empty one picks all. */
    static List<ObjectNode> selected(ObjectNode pdb, List<ObjectNode> pods) {
        JsonNode selector = pdb.path("spec").path("selector");
        List<ObjectNode> picked = new ArrayList<>();
        if (!selector.isObject()) {
            return picked;
        }
        for (ObjectNode pod : pods) {
            if (LabelSelectors.matches(selector, Workload.labels(pod))) {
                picked.add(pod);
            }
        }
        return picked;
    }

    /** kube's getExpectedPodCount. */
    static Expected expected(ObjectNode pdb, List<ObjectNode> pods, Controllers controllers) {
        JsonNode spec = pdb.path("spec");
        JsonNode maxUnavailable = spec.path("maxUnavailable");
        JsonNode minAvailable = spec.path("minAvailable");
        if (needsScale(pdb)) {
            Map<String, Integer> scales = new LinkedHashMap<>();
            List<String> unmanaged = new ArrayList<>();
            for (ObjectNode pod : pods) {
                JsonNode ref = Workload.controllerRef(pod);
                if (ref == null) {
                    unmanaged.add(Workload.name(pod));
                    continue;
                }
                if (scales.containsKey(ref.path("uid").asText())) {
                    continue;
                }
                Map.Entry<String, Integer> scale = scaleOf(ref, controllers);
                if (scale == null) {
                    return new Expected(0, 0, unmanaged, "found no controllers for pod \"" + Workload.name(pod) + "\"");
                }
                scales.put(scale.getKey(), scale.getValue());
            }
            int expectedPods = scales.values().stream().mapToInt(Integer::intValue).sum();
            if (present(maxUnavailable)) {
                return new Expected(expectedPods, Math.max(0, expectedPods - Rollouts.scaled(maxUnavailable, expectedPods, true, 0)),
                        unmanaged, null);
            }
            return new Expected(expectedPods, Rollouts.scaled(minAvailable, expectedPods, true, 0), unmanaged, null);
        }
        if (present(minAvailable)) {
            return new Expected(pods.size(), minAvailable.asInt(), List.of(), null);
        }
        return new Expected(0, 0, List.of(), null);
    }

    /**
     * The controller whose scale counts for a pod, by uid, as kube's finders: a ReplicaSet's Deployment when it has one,
     * else the ReplicaSet; a StatefulSet; any other controller with a scale subresource. Null when it has none or is gone.
     */
    private static Map.Entry<String, Integer> scaleOf(JsonNode ref, Controllers controllers) {
        if (!listedKind(ref)) {
            Integer replicas = controllers.others().get(ref.path("uid").asText());
            return replicas == null ? null : Map.entry(ref.path("uid").asText(), replicas);
        }
        if (ref.path("kind").asText().equals("StatefulSet")) {
            ObjectNode set = find(controllers.statefulSets(), ref);
            return set == null ? null : Map.entry(Workload.uid(set), Workload.replicas(set));
        }
        ObjectNode rs = find(controllers.replicaSets(), ref);
        if (rs == null) {
            return null;
        }
        JsonNode owner = Workload.controllerRef(rs);
        if (owner != null && owner.path("kind").asText().equals("Deployment")) {
            ObjectNode deployment = find(controllers.deployments(), owner);
            if (deployment != null) {
                return Map.entry(Workload.uid(deployment), Workload.replicas(deployment));
            }
        }
        return Map.entry(Workload.uid(rs), Workload.replicas(rs));
    }

    /** A ReplicaSet or StatefulSet reference: a kind the pass lists, whose scale it reads from the list. */
    static boolean listedKind(JsonNode ref) {
        String apiVersion = ref.path("apiVersion").asText();
        String kind = ref.path("kind").asText();
        return (apiVersion.startsWith("apps/") || apiVersion.startsWith("extensions/"))
                && (kind.equals("ReplicaSet") || kind.equals("StatefulSet"));
    }

    /** Whether the budget counts against its pods' controllers' scale (maxUnavailable, or a percentage minAvailable). */
    static boolean needsScale(ObjectNode pdb) {
        JsonNode spec = pdb.path("spec");
        return present(spec.path("maxUnavailable")) || present(spec.path("minAvailable")) && !spec.path("minAvailable").isNumber();
    }

    private static ObjectNode find(List<ObjectNode> objects, JsonNode ref) {
        for (ObjectNode object : objects) {
            if (Workload.name(object).equals(ref.path("name").asText()) && Workload.uid(object).equals(ref.path("uid").asText())) {
                return object;
            }
        }
        return null;
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }
}
