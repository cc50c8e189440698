package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Status conditions as kube's controllers set them: an unchanged condition keeps its timestamps (so a
 * reconcile that learns nothing writes nothing), a changed reason keeps lastTransitionTime while the
 * status stays the same.
 */
final class Conditions {
    private Conditions() {
    }

    /** Sets the condition in {@code status.conditions}; {@code updateTime} names the second time field
     * (lastUpdateTime for Deployments, lastProbeTime for Jobs). */
    static void set(ObjectNode status, String type, String value, String reason, String message, Instant now,
                    String updateTime) {
        put(status, type, value, reason, message, now, updateTime, false);
    }

    /**
     * Sets the condition with a fresh update time even when nothing else changed: kube's Deployment
     * controller does so for Progressing whenever it sees progress, and the deadline counts from there.
     */
    static void refresh(ObjectNode status, String type, String value, String reason, String message, Instant now,
                        String updateTime) {
        put(status, type, value, reason, message, now, updateTime, true);
    }

    private static void put(ObjectNode status, String type, String value, String reason, String message, Instant now,
                            String updateTime, boolean always) {
        ArrayNode conditions = status.withArray("conditions");
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            if (!c.path("type").asText().equals(type)) {
                continue;
            }
            if (!always && c.path("status").asText().equals(value) && c.path("reason").asText().equals(reason)
                    && c.path("message").asText().equals(message)) {
                return;
            }
            String transition = c.path("status").asText().equals(value)
                    ? c.path("lastTransitionTime").asText(stamp) : stamp;
            conditions.set(i, condition(type, value, reason, message, stamp, transition, updateTime));
            return;
        }
        conditions.add(condition(type, value, reason, message, stamp, stamp, updateTime));
    }

    static void remove(ObjectNode status, String type) {
        ArrayNode conditions = status.withArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (conditions.get(i).path("type").asText().equals(type)) {
                conditions.remove(i);
            }
        }
        if (conditions.isEmpty()) {
            status.remove("conditions");
        }
    }

    static boolean isTrue(JsonNode object, String type) {
        JsonNode c = Workload.condition(object, type);
        return c != null && c.path("status").asText().equals("True");
    }

    private static ObjectNode condition(String type, String value, String reason, String message, String stamp,
                                        String transition, String updateTime) {
        ObjectNode c = Json.object().put("type", type).put("status", value);
        if (updateTime != null) {
            c.put(updateTime, stamp);
        }
        c.put("lastTransitionTime", transition).put("reason", reason).put("message", message);
        return c;
    }
}
