package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.util.List;

/**
 * kube's ttlafterfinished controller for one Job: once the Job is Complete or Failed, it is deleted
 * {@code spec.ttlSecondsAfterFinished} seconds after that condition's lastTransitionTime, in the
 * foreground as kube does (the garbage collector removes its pods first). Until then the plan asks
 * for a look at the expiry, which is the only timer a finished Job costs.
 */
final class TtlAfterFinished {
    static final String COMPONENT = "ttl-after-finished-controller";

    private TtlAfterFinished() {
    }

    static Plan plan(ObjectNode job, Instant now) {
        JsonNode ttl = job.path("spec").path("ttlSecondsAfterFinished");
        Instant finished = finishTime(job);
        if (!ttl.isNumber() || finished == null || Workload.deleting(job)) {
            return Plan.NOTHING;
        }
        Instant expires = finished.plusSeconds(ttl.asLong());
        if (expires.isAfter(now)) {
            return new Plan(List.of(), Math.max(1, expires.toEpochMilli() - now.toEpochMilli()));
        }
        return new Plan(List.of(new Plan.Delete(Resource.JOBS, job, null, null, null, true)), 0);
    }

    /** jobFinishTime: when the Complete or Failed condition became True (null: not finished). */
    static Instant finishTime(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if ((type.equals("Complete") || type.equals("Failed")) && c.path("status").asText().equals("True")) {
                String at = c.path("lastTransitionTime").asText("");
                return at.isEmpty() ? null : Workload.time(at);
            }
        }
        return null;
    }
}
