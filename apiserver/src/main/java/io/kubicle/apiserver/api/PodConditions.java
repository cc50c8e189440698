package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Pod conditions the API itself sets (a binding's PodScheduled, an eviction's DisruptionTarget). */
final class PodConditions {
    private PodConditions() {
    }

    /**
     * Sets {@code type} True as kube's UpdatePodCondition does: the transition time moves only when the status changes.
     * A {@code reason} (with its message) replaces what the condition said; without one, a condition turning True says
     * nothing more and one already True keeps what it says.
     */
    static void setTrue(ObjectNode status, String type, String reason, String message, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ArrayNode conditions = status.withArray("conditions");
        for (JsonNode c : conditions) {
            if (type.equals(Json.text(c, "type"))) {
                ObjectNode condition = (ObjectNode) c;
                if (!"True".equals(Json.text(c, "status"))) {
                    condition.put("status", "True").put("lastTransitionTime", stamp).remove(java.util.List.of("reason", "message"));
                }
                if (reason != null) {
                    condition.put("reason", reason).put("message", message);
                }
                return;
            }
        }
        ObjectNode condition = conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", stamp);
        if (reason != null) {
            condition.put("reason", reason).put("message", message);
        }
    }
}
