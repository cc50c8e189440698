package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.time.Instant;
import java.util.List;

/**
 * A Deployment's status from its ReplicaSets (calculateStatus and syncRolloutStatus): counts summed
 * over every ReplicaSet it owns, updatedReplicas from the new one, and the Available and Progressing
 * conditions with kube's reasons and messages, which kubectl rollout status reads.
 */
final class DeploymentStatus {
    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String COMPLETE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    private static final String PAUSED = "DeploymentPaused";

    private DeploymentStatus() {
    }

    static ObjectNode compute(ObjectNode d, ObjectNode newRs, List<ObjectNode> owned, Instant now) {
        ObjectNode status = d.path("status").isObject() ? (ObjectNode) d.get("status").deepCopy() : Json.object();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        for (JsonNode rs : owned) {
            replicas += rs.path("status").path("replicas").asInt(0);
            ready += rs.path("status").path("readyReplicas").asInt(0);
            available += rs.path("status").path("availableReplicas").asInt(0);
        }
        int updated = newRs == null ? 0 : newRs.path("status").path("replicas").asInt(0);
        int desired = Workload.replicas(d);
        ReplicaSetController.counter(status, "observedGeneration", d.path("metadata").path("generation").asLong(0));
        ReplicaSetController.counter(status, "replicas", replicas);
        ReplicaSetController.counter(status, "updatedReplicas", updated);
        ReplicaSetController.counter(status, "readyReplicas", ready);
        ReplicaSetController.counter(status, "availableReplicas", available);
        ReplicaSetController.counter(status, "unavailableReplicas", Math.max(0, desired - available));
        if (available >= desired - Rollouts.maxUnavailable(d)) {
            Conditions.set(status, AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.",
                    now, "lastUpdateTime");
        } else {
            Conditions.set(status, AVAILABLE, "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.", now, "lastUpdateTime");
        }
        progressing(d, newRs, status, now);
        return status;
    }

    /**
     * The Progressing condition as checkPausedConditions, getNewReplicaSet and syncRolloutStatus keep
     * it: paused and resumed, found, progress seen (which restarts the deadline), complete, or no
     * progress within progressDeadlineSeconds (ProgressDeadlineExceeded, which kubectl rollout status
     * reports as a failure).
     */
    private static void progressing(ObjectNode d, ObjectNode newRs, ObjectNode status, Instant now) {
        JsonNode current = Workload.condition(d, PROGRESSING);
        if (d.path("spec").path("paused").asBoolean(false)) {
            if (current == null || !current.path("reason").asText().equals(PAUSED)) {
                Conditions.set(status, PROGRESSING, "Unknown", PAUSED, "Deployment is paused", now, "lastUpdateTime");
            }
            return;
        }
        if (current != null && current.path("reason").asText().equals(PAUSED)) {
            Conditions.set(status, PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed", now,
                    "lastUpdateTime");
        }
        if (!hasProgressDeadline(d)) {
            Conditions.remove(status, PROGRESSING);
            return;
        }
        if (newRs != null && Workload.condition(d, PROGRESSING) == null) {
            Conditions.set(status, PROGRESSING, "True", "FoundNewReplicaSet",
                    "Found new replica set \"" + Workload.name(newRs) + "\"", now, "lastUpdateTime");
        }
        JsonNode latest = progressingOf(status);
        boolean completeBefore = status.path("replicas").asInt(0) == status.path("updatedReplicas").asInt(0)
                && latest != null && latest.path("reason").asText().equals(COMPLETE);
        if (completeBefore) {
            return;
        }
        String subject = newRs != null ? "ReplicaSet \"" + Workload.name(newRs) + "\"" : "Deployment \"" + Workload.name(d) + "\"";
        if (complete(d, status)) {
            Conditions.set(status, PROGRESSING, "True", COMPLETE, subject + " has successfully progressed.", now,
                    "lastUpdateTime");
        } else if (madeProgress(d.path("status"), status)) {
            Conditions.refresh(status, PROGRESSING, "True", "ReplicaSetUpdated", subject + " is progressing.", now,
                    "lastUpdateTime");
        } else if (timedOut(d, status, now)) {
            Conditions.set(status, PROGRESSING, "False", TIMED_OUT, subject + " has timed out progressing.", now,
                    "lastUpdateTime");
        }
    }

    /** deploymentutil.HasProgressDeadline: set, and not the MaxInt32 that means "never". */
    static boolean hasProgressDeadline(JsonNode d) {
        JsonNode seconds = d.path("spec").path("progressDeadlineSeconds");
        return seconds.isNumber() && seconds.asInt() != Integer.MAX_VALUE;
    }

    /** deploymentutil.DeploymentProgressing: more updated, ready or available pods, or fewer old ones. */
    private static boolean madeProgress(JsonNode before, JsonNode after) {
        int oldBefore = before.path("replicas").asInt(0) - before.path("updatedReplicas").asInt(0);
        int oldAfter = after.path("replicas").asInt(0) - after.path("updatedReplicas").asInt(0);
        return after.path("updatedReplicas").asInt(0) > before.path("updatedReplicas").asInt(0) || oldAfter < oldBefore
                || after.path("readyReplicas").asInt(0) > before.path("readyReplicas").asInt(0)
                || after.path("availableReplicas").asInt(0) > before.path("availableReplicas").asInt(0);
    }

    /** deploymentutil.DeploymentTimedOut: the last progress is older than the deadline. */
    private static boolean timedOut(JsonNode d, JsonNode status, Instant now) {
        JsonNode c = progressingOf(status);
        if (c == null || c.path("reason").asText().equals(COMPLETE)) {
            return false;
        }
        return c.path("reason").asText().equals(TIMED_OUT) || deadline(d, c).isBefore(now);
    }

    /**
     * requeueStuckDeployment: milliseconds until the deadline of a rollout still in progress can pass
     * (one second late, as kube adds, so the look finds it passed), or 0 when nothing is pending.
     */
    static long untilDeadline(JsonNode d, JsonNode status, Instant now) {
        JsonNode c = progressingOf(status);
        if (!hasProgressDeadline(d) || c == null || d.path("spec").path("paused").asBoolean(false) || complete(d, status)
                || c.path("reason").asText().equals(TIMED_OUT) || c.path("reason").asText().equals(COMPLETE)) {
            return 0;
        }
        return Math.max(1, deadline(d, c).toEpochMilli() + 1_000 - now.toEpochMilli());
    }

    private static Instant deadline(JsonNode d, JsonNode condition) {
        return Workload.time(condition.path("lastUpdateTime").asText(""))
                .plusSeconds(d.path("spec").path("progressDeadlineSeconds").asLong());
    }

    private static JsonNode progressingOf(JsonNode status) {
        return Workload.condition(Json.object().set("status", status), PROGRESSING);
    }

    /** deploymentutil.DeploymentComplete: every replica updated and available, no old one left. */
    static boolean complete(JsonNode d, JsonNode status) {
        int desired = Workload.replicas(d);
        return status.path("updatedReplicas").asInt(0) == desired && status.path("replicas").asInt(0) == desired
                && status.path("availableReplicas").asInt(0) == desired
                && status.path("observedGeneration").asLong(0) >= d.path("metadata").path("generation").asLong(0);
    }
}
