package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.kinds.LabelSelectors;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about workload objects and their pods that every controller reads the same way. */
final class Workload {
    private Workload() {
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText("");
    }

    static boolean deleting(JsonNode object) {
        return !object.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    }

    static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static int replicas(JsonNode object) {
        JsonNode r = object.path("spec").path("replicas");
        return r.isMissingNode() || r.isNull() ? 1 : r.asInt();
    }

    static Instant created(JsonNode object) {
        return time(object.path("metadata").path("creationTimestamp").asText(""));
    }

    static Instant time(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The ownerReference with controller: true, or null. */
    static JsonNode controllerRef(JsonNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    static boolean controlledBy(JsonNode object, JsonNode owner) {
        JsonNode ref = controllerRef(object);
        return ref != null && ref.path("uid").asText().equals(uid(owner));
    }

    static boolean selects(JsonNode owner, JsonNode object) {
        JsonNode selector = owner.path("spec").path("selector");
        return !LabelSelectors.isEmpty(selector) && LabelSelectors.matches(selector, labels(object));
    }

    /** The reference a controller puts on what it creates (kube's metav1.NewControllerRef). */
    static ObjectNode ownerRef(JsonNode owner, String apiVersion, String kind) {
        return Json.object().put("apiVersion", apiVersion).put("kind", kind).put("name", name(owner))
                .put("uid", uid(owner)).put("controller", true).put("blockOwnerDeletion", true);
    }

    /** Adoption: adds the controller reference to an orphan (the copy is returned). */
    static ObjectNode adopted(ObjectNode orphan, ObjectNode ref) {
        ObjectNode copy = orphan.deepCopy();
        ArrayNode refs = Json.metadata(copy).withArray("ownerReferences");
        refs.add(ref);
        return copy;
    }

    /** Release: drops the controller reference of {@code owner} (the copy is returned). */
    static ObjectNode released(ObjectNode object, JsonNode owner) {
        ObjectNode copy = object.deepCopy();
        ArrayNode kept = Json.MAPPER.createArrayNode();
        copy.path("metadata").path("ownerReferences").forEach(ref -> {
            if (!ref.path("uid").asText().equals(uid(owner))) {
                kept.add(ref);
            }
        });
        setOrRemove(Json.metadata(copy), "ownerReferences", kept);
        return copy;
    }

    /** A list field as Go's omitempty writes it: absent when empty. */
    static void setOrRemove(ObjectNode parent, String field, ArrayNode items) {
        if (items.isEmpty()) {
            parent.remove(field);
        } else {
            parent.set(field, items);
        }
    }

    static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    static boolean terminal(JsonNode pod) {
        String phase = phase(pod);
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /** kube's controller.IsPodActive: neither finished nor being deleted. */
    static boolean active(JsonNode pod) {
        return !terminal(pod) && !deleting(pod);
    }

    static JsonNode condition(JsonNode object, String type) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    static boolean ready(JsonNode pod) {
        JsonNode c = condition(pod, "Ready");
        return c != null && c.path("status").asText().equals("True");
    }

    /** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
    static boolean available(JsonNode pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = time(condition(pod, "Ready").path("lastTransitionTime").asText(""));
        return !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** Milliseconds until a ready pod becomes available, or 0 when nothing is waiting. */
    static long untilAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        if (minReadySeconds <= 0 || !ready(pod) || available(pod, minReadySeconds, now)) {
            return 0;
        }
        Instant since = time(condition(pod, "Ready").path("lastTransitionTime").asText(""));
        return Math.max(1, since.plusSeconds(minReadySeconds).toEpochMilli() - now.toEpochMilli());
    }

    /**
     * A pod for {@code owner} from its template (kube's GetPodFromTemplate): template labels,
     * annotations, finalizers and spec; generateName {@code <owner>-}; the controller reference.
     */
    static ObjectNode podFromTemplate(JsonNode owner, JsonNode template, ObjectNode ref) {
        ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("generateName", name(owner) + "-");
        meta.put("namespace", owner.path("metadata").path("namespace").asText());
        JsonNode tmeta = template.path("metadata");
        for (String field : new String[] {"labels", "annotations", "finalizers"}) {
            if (tmeta.path(field).size() > 0) {
                meta.set(field, tmeta.get(field).deepCopy());
            }
        }
        meta.putArray("ownerReferences").add(ref);
        pod.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy() : Json.object());
        return pod;
    }

    static ObjectNode status(ObjectNode object) {
        JsonNode s = object.get("status");
        return s instanceof ObjectNode o ? o : object.putObject("status");
    }
}
