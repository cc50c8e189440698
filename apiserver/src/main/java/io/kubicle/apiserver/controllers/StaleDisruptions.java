package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The disruption controller's other duty in kube: a pod marked {@code DisruptionTarget=True} that nobody deleted (the
 * eviction's delete failed after the mark was written) is not going anywhere, so after two minutes the condition is set
 * back to False, as kube's syncStalePodDisruption does. Conditions the kubelet set, and pods that are being deleted or
 * have finished, are left as they are.
 */
final class StaleDisruptions {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String TYPE = "DisruptionTarget";

    private StaleDisruptions() {
    }

    static Plan plan(List<ObjectNode> pods, Instant now) {
        Plan.Builder plan = new Plan.Builder();
        for (ObjectNode pod : pods) {
            JsonNode condition = Workload.condition(pod, TYPE);
            if (condition == null || !"True".equals(condition.path("status").asText()) || Workload.deleting(pod)
                    || "TerminationByKubelet".equals(condition.path("reason").asText()) || finished(pod)) {
                continue;
            }
            Instant stale = Workload.time(condition.path("lastTransitionTime").asText("")).plus(TIMEOUT);
            if (stale.isAfter(now)) {
                plan.requeue(Math.max(1, Duration.between(now, stale).toMillis()));
                continue;
            }
            plan.add(new Plan.Replace(Resource.PODS, reset(pod, now), true));
        }
        return plan.build();
    }

    /** kube's UpdatePodCondition with {type, status False}: the reason and message go, the transition is now. */
    private static ObjectNode reset(ObjectNode pod, Instant now) {
        ObjectNode next = pod.deepCopy();
        ArrayNode conditions = next.with("status").withArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (TYPE.equals(conditions.get(i).path("type").asText())) {
                conditions.set(i, Json.object().put("type", TYPE).put("status", "False")
                        .put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString()));
            }
        }
        return next;
    }

    private static boolean finished(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asText();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
