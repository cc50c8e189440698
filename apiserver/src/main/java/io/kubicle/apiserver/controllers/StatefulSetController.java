package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's StatefulSetControl for one StatefulSet: pods {@code <name>-0 .. <name>-(N-1)} with stable
 * names, hostname and subdomain, one PersistentVolumeClaim per claim template and ordinal, created in
 * order and removed from the highest ordinal down. OrderedReady waits for each pod to be Running and
 * Ready before the next step; Parallel does not. RollingUpdate replaces pods whose revision is not the
 * current template's, highest ordinal first and one at a time, above {@code partition}. The revision
 * is {@code <name>-<template hash>} in the {@code controller-revision-hash} label (no ControllerRevision
 * objects are kept).
 */
final class StatefulSetController {
    static final String COMPONENT = "statefulset-controller";
    static final String REVISION_LABEL = "controller-revision-hash";

    private StatefulSetController() {
    }

    static Plan plan(ObjectNode sts, List<ObjectNode> pods, List<ObjectNode> claims, Instant now, long backoffMillis) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("apps/v1", "StatefulSet", sts);
        String name = Workload.name(sts);
        int replicas = Workload.replicas(sts);
        String revision = name + "-" + PodTemplateHash.compute(sts.path("spec").path("template"),
                sts.path("status").has("collisionCount") ? sts.path("status").path("collisionCount").asInt() : null);
        ObjectNode[] byOrdinal = new ObjectNode[replicas];
        List<ObjectNode> condemned = new ArrayList<>();
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode pod : pods) {
            int ordinal = ordinal(name, Workload.name(pod));
            if (!Workload.controlledBy(pod, sts) || ordinal < 0) {
                continue;
            }
            owned.add(pod);
            if (ordinal < replicas) {
                byOrdinal[ordinal] = pod;
            } else {
                condemned.add(pod);
            }
        }
        boolean parallel = sts.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
        if (!Workload.deleting(sts)) {
            step(sts, byOrdinal, condemned, claims, revision, parallel, involved, plan, backoffMillis);
        }
        ObjectNode status = status(sts, owned, revision, now);
        if (!status.equals(sts.path("status"))) {
            ObjectNode next = sts.deepCopy();
            next.set("status", status);
            plan.add(new Plan.Replace(Resource.STATEFULSETS, next, true));
        }
        return plan.build();
    }

    /** The next moves: create missing pods (and claims), replace failed ones, scale down, roll out. */
    private static void step(ObjectNode sts, ObjectNode[] byOrdinal, List<ObjectNode> condemned, List<ObjectNode> claims,
                             String revision, boolean parallel, Plan.Involved involved, Plan.Builder plan,
                             long backoffMillis) {
        List<Plan.Create> creates = new ArrayList<>();
        for (int i = 0; i < byOrdinal.length; i++) {
            ObjectNode pod = byOrdinal[i];
            if (pod == null && backoffMillis > 0) {
                plan.requeue(backoffMillis);
                return;
            }
            if (pod == null) {
                int ordinal = i;
                claimsFor(sts, i, claims).forEach(claim -> creates.add(new Plan.Create(Resource.PERSISTENTVOLUMECLAIMS,
                        claim, involved, "SuccessfulCreate", "create Claim " + Workload.name(claim) + " Pod "
                        + podName(sts, ordinal) + " in StatefulSet " + Workload.name(sts) + " success")));
                creates.add(new Plan.Create(Resource.PODS, pod(sts, i, revision), involved, "SuccessfulCreate",
                        "create Pod {name} in StatefulSet " + Workload.name(sts) + " successful"));
                if (!parallel) {
                    break;
                }
            } else if (Workload.phase(pod).equals("Failed") || Workload.phase(pod).equals("Succeeded")) {
                if (!Workload.deleting(pod)) {
                    plan.add(delete(sts, pod, involved));
                }
                if (!parallel) {
                    return;
                }
            } else if (!parallel && !(Workload.phase(pod).equals("Running") && Workload.ready(pod))) {
                return; // OrderedReady: the next ordinal waits for this one
            }
        }
        if (!creates.isEmpty()) {
            plan.add(new Plan.Creates(creates));
            return;
        }
        condemned.sort((a, b) -> ordinal(Workload.name(sts), Workload.name(b)) - ordinal(Workload.name(sts), Workload.name(a)));
        for (ObjectNode pod : condemned) {
            if (!Workload.deleting(pod)) {
                plan.add(delete(sts, pod, involved));
            }
            if (!parallel) {
                return;
            }
        }
        if (!sts.path("spec").path("updateStrategy").path("type").asText("RollingUpdate").equals("RollingUpdate")) {
            return;
        }
        int partition = sts.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
        for (int i = byOrdinal.length - 1; i >= partition; i--) {
            ObjectNode pod = byOrdinal[i];
            if (pod != null && !Workload.labels(pod).getOrDefault(REVISION_LABEL, "").equals(revision)) {
                if (!Workload.deleting(pod)) {
                    plan.add(delete(sts, pod, involved));
                }
                return;
            }
        }
    }

    private static Plan.Step delete(ObjectNode sts, ObjectNode pod, Plan.Involved involved) {
        return new Plan.Delete(Resource.PODS, pod, involved, "SuccessfulDelete", "delete Pod " + Workload.name(pod)
                + " in StatefulSet " + Workload.name(sts) + " successful");
    }

    static ObjectNode status(ObjectNode sts, List<ObjectNode> owned, String revision, Instant now) {
        ObjectNode status = sts.path("status").isObject() ? (ObjectNode) sts.get("status").deepCopy() : Json.object();
        int minReady = sts.path("spec").path("minReadySeconds").asInt(0);
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (ObjectNode pod : owned) {
            if (Workload.deleting(pod)) {
                continue;
            }
            replicas++;
            ready += Workload.ready(pod) ? 1 : 0;
            available += Workload.available(pod, minReady, now) ? 1 : 0;
            updated += Workload.labels(pod).getOrDefault(REVISION_LABEL, "").equals(revision) ? 1 : 0;
        }
        status.put("replicas", replicas);
        ReplicaSetController.counter(status, "readyReplicas", ready);
        ReplicaSetController.counter(status, "availableReplicas", available);
        ReplicaSetController.counter(status, "updatedReplicas", updated);
        ReplicaSetController.counter(status, "observedGeneration", sts.path("metadata").path("generation").asLong(0));
        status.put("updateRevision", revision);
        // the rollout is over once every wanted pod runs the new revision: it becomes the current one
        boolean done = updated == Workload.replicas(sts) && replicas == updated;
        if (done || !status.has("currentRevision")) {
            status.put("currentRevision", done ? revision : status.path("currentRevision").asText(revision));
        }
        ReplicaSetController.counter(status, "currentReplicas", done ? updated : replicas - updated);
        return status;
    }

    /** A pod of the StatefulSet at {@code ordinal}: stable name, hostname, subdomain and identity labels. */
    static ObjectNode pod(ObjectNode sts, int ordinal, String revision) {
        ObjectNode pod = Workload.podFromTemplate(sts, sts.path("spec").path("template"),
                Workload.ownerRef(sts, "apps/v1", "StatefulSet"));
        ObjectNode meta = Json.metadata(pod);
        meta.remove("generateName");
        meta.put("name", podName(sts, ordinal));
        meta.with("labels").put(REVISION_LABEL, revision).put("statefulset.kubernetes.io/pod-name", podName(sts, ordinal))
                .put("apps.kubernetes.io/pod-index", ordinal + "");
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", podName(sts, ordinal));
        if (!Json.text(sts.path("spec"), "serviceName").isEmpty()) {
            spec.put("subdomain", Json.text(sts.path("spec"), "serviceName"));
        }
        for (JsonNode template : sts.path("spec").path("volumeClaimTemplates")) {
            String claim = template.path("metadata").path("name").asText();
            spec.withArray("volumes").addObject().put("name", claim).putObject("persistentVolumeClaim")
                    .put("claimName", claim + "-" + podName(sts, ordinal));
        }
        return pod;
    }

    /** The claims of {@code ordinal} that do not exist yet, named {@code <template>-<pod>}. */
    private static List<ObjectNode> claimsFor(ObjectNode sts, int ordinal, List<ObjectNode> existing) {
        List<ObjectNode> missing = new ArrayList<>();
        for (JsonNode template : sts.path("spec").path("volumeClaimTemplates")) {
            String claimName = template.path("metadata").path("name").asText() + "-" + podName(sts, ordinal);
            if (existing.stream().anyMatch(c -> Workload.name(c).equals(claimName))) {
                continue;
            }
            ObjectNode claim = Json.object().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
            ObjectNode meta = claim.putObject("metadata").put("name", claimName)
                    .put("namespace", Json.text(Json.metadata(sts), "namespace"));
            ObjectNode labels = sts.path("spec").path("selector").path("matchLabels").deepCopy();
            meta.set("labels", labels);
            claim.set("spec", template.path("spec").deepCopy());
            missing.add(claim);
        }
        return missing;
    }

    static String podName(JsonNode sts, int ordinal) {
        return Workload.name(sts) + "-" + ordinal;
    }

    /** The ordinal in {@code <set>-<n>}, or -1 when the name is not one of the set's. */
    static int ordinal(String set, String pod) {
        if (!pod.startsWith(set + "-")) {
            return -1;
        }
        String suffix = pod.substring(set.length() + 1);
        return suffix.matches("0|[1-9][0-9]{0,8}") ? Integer.parseInt(suffix) : -1;
    }
}
