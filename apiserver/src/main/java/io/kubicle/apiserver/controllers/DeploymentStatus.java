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
        if (d.path("spec").path("paused").asBoolean(false)) {
            Conditions.set(status, PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused", now, "lastUpdateTime");
        } else if (newRs != null && complete(d, status)) {
            Conditions.set(status, PROGRESSING, "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + Workload.name(newRs) + "\" has successfully progressed.", now, "lastUpdateTime");
        } else if (newRs != null) {
            Conditions.set(status, PROGRESSING, "True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + Workload.name(newRs) + "\" is progressing.", now, "lastUpdateTime");
        }
        return status;
    }

    /** deploymentutil.DeploymentComplete: every replica updated and available, no old one left. */
    static boolean complete(JsonNode d, JsonNode status) {
        int desired = Workload.replicas(d);
        return status.path("updatedReplicas").asInt(0) == desired && status.path("replicas").asInt(0) == desired
                && status.path("availableReplicas").asInt(0) == desired
                && status.path("observedGeneration").asLong(0) >= d.path("metadata").path("generation").asLong(0);
    }
}
