package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A PodDisruptionBudget's {@code DisruptionAllowed} condition, a metav1.Condition set as apimeta.SetStatusCondition
 * does: the transition time moves only when the status does, reason, message and observedGeneration follow.
 */
public final class BudgetConditions {
    public static final String CONDITION = "DisruptionAllowed";
    /** How long an eviction the API approved keeps its pod out of the healthy count (kube's DeletionTimeout). */
    public static final java.time.Duration DELETION_TIMEOUT = java.time.Duration.ofMinutes(2);

    private BudgetConditions() {
    }

    public static void set(ObjectNode status, String value, String reason, String message, int observedGeneration,
                           Instant now) {
        ArrayNode conditions = status.withArray("conditions");
        String transition = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            if (c.path("type").asText().equals(CONDITION)) {
                if (c.path("status").asText().equals(value)) {
                    transition = c.path("lastTransitionTime").asText(transition);
                }
                conditions.set(i, condition(value, reason, message, observedGeneration, transition));
                return;
            }
        }
        conditions.add(condition(value, reason, message, observedGeneration, transition));
    }

    /** pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed. */
    public static void follow(ObjectNode status, Instant now) {
        int generation = status.path("observedGeneration").asInt(0);
        if (status.path("disruptionsAllowed").asInt(0) > 0) {
            set(status, "True", "SufficientPods", "", generation, now);
        } else {
            set(status, "False", "InsufficientPods", "", generation, now);
        }
    }

    private static ObjectNode condition(String value, String reason, String message, int observedGeneration, String transition) {
        ObjectNode c = io.kubicle.apiserver.api.Json.object();
        c.put("type", CONDITION).put("status", value).put("observedGeneration", observedGeneration)
                .put("lastTransitionTime", transition).put("reason", reason).put("message", message);
        return c;
    }
}
