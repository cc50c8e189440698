package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's DeploymentController.syncDeployment for one Deployment, one step at a time: every pass makes
 * the next move (adopt, create the new ReplicaSet, fix revisions, scale, clean up) and the writes it
 * makes bring the next pass. Pure: the lists in, a {@link Plan} out.
 */
final class DeploymentController {
    static final String COMPONENT = "deployment-controller";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED = "deployment.kubernetes.io/desired-replicas";
    static final String MAX = "deployment.kubernetes.io/max-replicas";
    /** Annotations a Deployment keeps to itself (copyDeploymentAnnotationsToReplicaSet's skip list). */
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
            REVISION_HISTORY, DESIRED, MAX, "deprecated.deployment.rollback.to");

    private DeploymentController() {
    }

    static Plan plan(ObjectNode d, List<ObjectNode> replicaSets, Instant now) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("apps/v1", "Deployment", d);
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode rs : replicaSets) {
            if (Workload.controlledBy(rs, d)) {
                owned.add(rs);
            } else if (Workload.controllerRef(rs) == null && !Workload.deleting(rs) && !Workload.deleting(d)
                    && Workload.selects(d, rs)) {
                plan.add(new Plan.Replace(Resource.REPLICASETS, Workload.adopted(rs, Workload.ownerRef(d, "apps/v1",
                        "Deployment")), false));
            }
        }
        if (!plan.isEmpty()) {
            return plan.build();
        }
        owned.sort(Comparator.comparing(Workload::created).thenComparing(Workload::name));
        Integer collisions = d.path("status").has("collisionCount") ? d.path("status").path("collisionCount").asInt() : null;
        String hash = PodTemplateHash.compute(d.path("spec").path("template"), collisions);
        ObjectNode newRs = owned.stream().filter(rs -> PodTemplateHash.equalIgnoringHash(rs.path("spec").path("template"),
                d.path("spec").path("template"))).findFirst().orElse(null);
        List<ObjectNode> olds = owned.stream().filter(rs -> rs != newRs).toList();
        boolean paused = d.path("spec").path("paused").asBoolean(false);
        if (!Workload.deleting(d)) {
            int revision = olds.stream().mapToInt(DeploymentController::revision).max().orElse(0) + 1;
            if (newRs == null && !paused) {
                if (!Rollouts.recreate(d) || olds.stream().allMatch(rs -> Workload.replicas(rs) == 0
                        && rs.path("status").path("replicas").asInt(0) == 0)) {
                    int replicas = Rollouts.recreate(d) ? Workload.replicas(d) : Rollouts.newReplicas(d,
                            newReplicaSet(d, hash, 0, revision), olds);
                    ObjectNode created = newReplicaSet(d, hash, replicas, revision);
                    // as Creates: a refusal (a ReplicaSet quota) becomes a FailedCreate event and a backoff
                    plan.add(new Plan.Creates(List.of(new Plan.Create(Resource.REPLICASETS, created, involved,
                            "ScalingReplicaSet", "Scaled up replica set {name} from 0 to " + replicas)), created(d, created, now)));
                    return plan.build();
                }
            } else if (newRs != null) {
                ObjectNode annotated = annotated(d, newRs, revision);
                if (annotated != null) {
                    return plan.add(new Plan.Replace(Resource.REPLICASETS, annotated, false)).build();
                }
                String current = revision(newRs) + "";
                if (!Json.text(d.path("metadata").path("annotations"), REVISION).equals(current)) {
                    ObjectNode next = d.deepCopy();
                    Json.metadata(next).with("annotations").put(REVISION, current);
                    return plan.add(new Plan.Replace(Resource.DEPLOYMENTS, next, false)).build();
                }
            }
            scale(d, newRs, olds, paused, involved, plan);
        }
        ObjectNode status = DeploymentStatus.compute(d, newRs, owned, now);
        if (plan.isEmpty() && DeploymentStatus.complete(d, status) && !paused) {
            cleanup(d, olds, plan);
        }
        if (!status.equals(d.path("status"))) {
            ObjectNode next = d.deepCopy();
            next.set("status", status);
            plan.add(new Plan.Replace(Resource.DEPLOYMENTS, next, true));
        }
        plan.requeue(DeploymentStatus.untilDeadline(d, status, now));
        return plan.build();
    }

    /**
     * What getNewReplicaSet writes once it created the new ReplicaSet: Progressing NewReplicaSetCreated,
     * from which the progress deadline counts (null when the Deployment has no deadline).
     */
    private static Plan.Step created(ObjectNode d, ObjectNode rs, Instant now) {
        if (!DeploymentStatus.hasProgressDeadline(d)) {
            return null;
        }
        ObjectNode next = d.deepCopy();
        Conditions.set(Workload.status(next), DeploymentStatus.PROGRESSING, "True", "NewReplicaSetCreated",
                "Created new replica set \"" + Workload.name(rs) + "\"", now, "lastUpdateTime");
        return new Plan.Replace(Resource.DEPLOYMENTS, next, true);
    }

    /** The scaling move of this pass: Recreate, RollingUpdate, or (paused) plain scaling of the active set. */
    private static void scale(ObjectNode d, ObjectNode newRs, List<ObjectNode> olds, boolean paused,
                              Plan.Involved involved, Plan.Builder plan) {
        int desired = Workload.replicas(d);
        if (!paused && Rollouts.recreate(d)) {
            boolean oldsDown = true;
            for (ObjectNode rs : olds) {
                if (Workload.replicas(rs) > 0) {
                    plan.add(scaleTo(d, rs, 0, involved));
                }
                oldsDown &= rs.path("status").path("replicas").asInt(0) == 0;
            }
            if (newRs != null && plan.isEmpty() && oldsDown && Workload.replicas(newRs) != desired) {
                plan.add(scaleTo(d, newRs, desired, involved));
            }
            return;
        }
        if (paused || newRs == null) {
            List<ObjectNode> active = new ArrayList<>(olds.stream().filter(rs -> Workload.replicas(rs) > 0).toList());
            if (newRs != null) {
                active.add(newRs);
            }
            if (active.size() == 1 && Workload.replicas(active.get(0)) != desired) {
                plan.add(scaleTo(d, active.get(0), desired, involved));
            }
            return;
        }
        List<ObjectNode> all = new ArrayList<>(olds);
        all.add(newRs);
        int target = Rollouts.newReplicas(d, newRs, all);
        if (target != Workload.replicas(newRs)) {
            plan.add(scaleTo(d, newRs, target, involved));
            return;
        }
        Map<String, Integer> down = Rollouts.scaleDownOld(d, newRs, olds);
        for (ObjectNode rs : olds) {
            Integer to = down.get(Workload.name(rs));
            if (to != null && to != Workload.replicas(rs)) {
                plan.add(scaleTo(d, rs, to, involved));
            }
        }
    }

    private static Plan.Step scaleTo(ObjectNode d, ObjectNode rs, int replicas, Plan.Involved involved) {
        ObjectNode next = rs.deepCopy();
        ((ObjectNode) next.get("spec")).put("replicas", replicas);
        ObjectNode annotations = Json.metadata(next).with("annotations");
        annotations.put(DESIRED, Workload.replicas(d) + "");
        annotations.put(MAX, Workload.replicas(d) + (Rollouts.recreate(d) ? 0 : Rollouts.fenceposts(d)[0]) + "");
        int from = Workload.replicas(rs);
        String direction = replicas > from ? "up" : "down";
        return new Plan.Scale(Resource.REPLICASETS, next, involved,
                "Scaled " + direction + " replica set " + Workload.name(rs) + " from " + from + " to " + replicas);
    }

    /** cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit go, oldest revision first, once empty. */
    private static void cleanup(ObjectNode d, List<ObjectNode> olds, Plan.Builder plan) {
        int limit = d.path("spec").path("revisionHistoryLimit").asInt(10);
        List<ObjectNode> empty = olds.stream().filter(rs -> Workload.replicas(rs) == 0
                        && rs.path("status").path("replicas").asInt(0) == 0 && !Workload.deleting(rs)
                        && rs.path("status").path("observedGeneration").asLong(0) >= rs.path("metadata").path("generation").asLong(0))
                .sorted(Comparator.comparingInt(DeploymentController::revision)).toList();
        for (int i = 0; i < olds.size() - limit && i < empty.size(); i++) {
            plan.add(new Plan.Delete(Resource.REPLICASETS, empty.get(i), null, null, null));
        }
    }

    static ObjectNode newReplicaSet(ObjectNode d, String hash, int replicas, int revision) {
        ObjectNode template = d.path("spec").path("template").deepCopy();
        Json.metadata(template).with("labels").put(PodTemplateHash.LABEL, hash);
        ObjectNode rs = Json.object().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", Workload.name(d) + "-" + hash).put("namespace", Json.text(Json.metadata(d), "namespace"));
        meta.set("labels", template.path("metadata").path("labels").deepCopy());
        ObjectNode annotations = meta.putObject("annotations");
        copyAnnotations(d, annotations);
        annotations.put(REVISION, revision + "");
        annotations.put(DESIRED, Workload.replicas(d) + "");
        annotations.put(MAX, Workload.replicas(d) + (Rollouts.recreate(d) ? 0 : Rollouts.fenceposts(d)[0]) + "");
        meta.putArray("ownerReferences").add(Workload.ownerRef(d, "apps/v1", "Deployment"));
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
        if (d.path("spec").has("minReadySeconds")) {
            spec.set("minReadySeconds", d.path("spec").get("minReadySeconds"));
        }
        ObjectNode selector = d.path("spec").path("selector").deepCopy();
        selector.with("matchLabels").put(PodTemplateHash.LABEL, hash);
        spec.set("selector", selector);
        spec.set("template", template);
        return rs;
    }

    /** SetNewReplicaSetAnnotations: the new ReplicaSet gets the next revision and the Deployment's annotations. */
    private static ObjectNode annotated(ObjectNode d, ObjectNode rs, int revision) {
        ObjectNode next = rs.deepCopy();
        ObjectNode annotations = Json.metadata(next).with("annotations");
        copyAnnotations(d, annotations);
        int current = revision(rs);
        if (current < revision) {
            if (current > 0) {
                String history = Json.text(annotations, REVISION_HISTORY);
                annotations.put(REVISION_HISTORY, history.isEmpty() ? current + "" : history + "," + current);
            }
            annotations.put(REVISION, revision + "");
        }
        return next.equals(rs) ? null : next;
    }

    private static void copyAnnotations(ObjectNode d, ObjectNode target) {
        d.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (!NOT_COPIED.contains(e.getKey())) {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    static int revision(JsonNode rs) {
        try {
            return Integer.parseInt(Json.text(rs.path("metadata").path("annotations"), REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
