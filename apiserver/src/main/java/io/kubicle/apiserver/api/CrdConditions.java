package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The spec defaults and status kube-apiserver's CRD controllers maintain: singular/listKind defaults,
 * acceptedNames, storedVersions and the NamesAccepted/Established conditions (with observedGeneration), so
 * {@code kubectl wait --for condition=established} works. A CRD whose names collide with another resource of
 * its group (see {@link CrdNameConflicts}) is not established; once established it stays so, as in kube.
 */
public final class CrdConditions {
    private CrdConditions() {
    }

    public static void apply(ObjectNode crd, Instant now) {
        apply(crd, now, null);
    }

    /** As {@link #apply(ObjectNode, Instant)}, with names refused when {@code conflict} is not null. */
    public static void apply(ObjectNode crd, Instant now, CrdNameConflicts.Conflict conflict) {
        ObjectNode spec = (ObjectNode) crd.with("spec");
        ObjectNode names = (ObjectNode) spec.with("names");
        String kind = names.path("kind").asText("");
        if (!names.hasNonNull("singular") && !kind.isEmpty()) {
            names.put("singular", kind.toLowerCase());
        }
        if (!names.hasNonNull("listKind") && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        if (!spec.has("conversion")) {
            spec.putObject("conversion").put("strategy", "None");
        }
        ObjectNode status = (ObjectNode) crd.with("status");
        if (conflict == null) {
            status.set("acceptedNames", names.deepCopy());
        } else if (!status.has("acceptedNames")) {
            status.putObject("acceptedNames").put("plural", "").put("kind", "");
        }
        ArrayNode stored = status.has("storedVersions") && status.get("storedVersions").isArray()
                ? (ArrayNode) status.get("storedVersions") : status.putArray("storedVersions");
        for (JsonNode v : spec.path("versions")) {
            String name = v.path("name").asText();
            if (v.path("storage").asBoolean(false) && !contains(stored, name)) {
                stored.add(name);
            }
        }
        long generation = crd.path("metadata").path("generation").asLong(1);
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ArrayNode previous = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : null;
        ArrayNode conditions = crd.arrayNode();
        if (conflict != null && !established(crd)) {
            conditions.add(condition(crd, previous, "NamesAccepted", "False", conflict.reason(), conflict.message(),
                    generation, time));
            conditions.add(condition(crd, previous, "Established", "False", "NotAccepted",
                    "not all names are accepted", generation, time));
        } else {
            conditions.add(condition(crd, previous, "NamesAccepted", "True", "NoConflicts", "no conflicts found",
                    generation, time));
            conditions.add(condition(crd, previous, "Established", "True", "InitialNamesAccepted",
                    "the initial names have been accepted", generation, time));
        }
        status.set("conditions", conditions);
    }

    /** Whether the stored CRD is established (served). */
    public static boolean established(JsonNode crd) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if ("Established".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode condition(ObjectNode crd, ArrayNode previous, String type, String value, String reason,
                                        String message, long generation, String time) {
        String since = time;
        if (previous != null) {
            for (JsonNode c : previous) {
                if (type.equals(c.path("type").asText()) && value.equals(c.path("status").asText())
                        && c.hasNonNull("lastTransitionTime")) {
                    since = c.get("lastTransitionTime").asText();
                }
            }
        }
        ObjectNode c = crd.objectNode();
        c.put("type", type).put("status", value).put("observedGeneration", generation)
                .put("lastTransitionTime", since).put("reason", reason).put("message", message);
        return c;
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
