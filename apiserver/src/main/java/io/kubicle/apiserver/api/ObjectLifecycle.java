package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The server-owned parts of metadata, set as kube-apiserver's generic registry sets them:
 * uid, creationTimestamp, generation, generateName, and what an update may not change.
 */
public final class ObjectLifecycle {
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectLifecycle() {
    }

    /** Checks apiVersion/kind against the URL's type, filling them in when the client left them out. */
    public static void checkType(ObjectNode object, ResourceType type) {
        String apiVersion = Json.text(object, "apiVersion");
        String kind = Json.text(object, "kind");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw Statuses.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw Statuses.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        ObjectNode ordered = Json.object();
        ordered.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        object.remove("apiVersion");
        object.remove("kind");
        ordered.setAll(object);
        object.removeAll();
        object.setAll(ordered);
    }

    /** Fills server-owned metadata of a new object; the URL's namespace wins or must agree. */
    public static void prepareCreate(ObjectNode object, ResourceType type, String urlNamespace, Instant now) {
        checkType(object, type);
        ObjectNode meta = Json.metadata(object);
        String bodyNamespace = Json.text(meta, "namespace");
        if (type.namespaced()) {
            if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(urlNamespace)) {
                throw Statuses.badRequest("the namespace of the provided object does not match the namespace sent on the"
                        + " request");
            }
            meta.put("namespace", urlNamespace);
        } else {
            meta.remove("namespace");
        }
        if (Json.text(meta, "name").isEmpty() && !Json.text(meta, "generateName").isEmpty()) {
            meta.put("name", generateName(Json.text(meta, "generateName")));
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", timestamp(now));
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        if (tracksGeneration(object, type)) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
    }

    /** The pod subresource {@code kubectl debug} writes: only {@code spec.ephemeralContainers} changes through it. */
    public static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";
    /** The pod subresource of in-place resize: only the containers' {@code resources} and {@code resizePolicy} change. */
    public static final String RESIZE = "resize";

    /** Whether {@code subresource} is one of the pod subresources that write part of the spec. */
    public static boolean changesPartOfSpec(String subresource) {
        return subresource.equals(EPHEMERAL_CONTAINERS) || subresource.equals(RESIZE);
    }

    /**
     * Carries over what an update may not change and bumps generation when the spec changed. A write to
     * {@code subresource} /status takes everything but status from the old object, one to /ephemeralcontainers
     * everything but {@code spec.ephemeralContainers} (kube's dropNonEphemeralContainerUpdates).
     */
    public static ObjectNode prepareUpdate(ObjectNode object, ObjectNode old, ResourceType type, String subresource) {
        checkType(object, type);
        ObjectNode result;
        if (subresource.equals("status")) {
            result = old.deepCopy();
            JsonNode status = object.get("status");
            if (status == null) {
                result.remove("status");
            } else {
                result.set("status", status);
            }
        } else if (subresource.equals(RESIZE)) {
            result = resized(object, old);
        } else if (subresource.equals(EPHEMERAL_CONTAINERS)) {
            result = old.deepCopy();
            JsonNode containers = object.path("spec").get("ephemeralContainers");
            ObjectNode spec = result.get("spec") instanceof ObjectNode o ? o : result.putObject("spec");
            if (containers == null || containers.isNull()) {
                spec.remove("ephemeralContainers");
            } else {
                spec.set("ephemeralContainers", containers);
            }
        } else {
            result = object;
            if (type.hasSubresource("status")) {
                JsonNode oldStatus = old.get("status");
                if (oldStatus == null) {
                    result.remove("status");
                } else {
                    result.set("status", oldStatus);
                }
            }
        }
        ObjectNode meta = Json.metadata(result);
        ObjectNode oldMeta = Json.metadata(old);
        for (String field : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "namespace", "name"}) {
            JsonNode v = oldMeta.get(field);
            if (v == null) {
                meta.remove(field);
            } else {
                meta.set(field, v);
            }
        }
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        if (oldMeta.has("generation")) {
            long generation = oldMeta.path("generation").asLong(1);
            meta.put("generation", specChanged(result, old) ? generation + 1 : generation);
        }
        return result;
    }

    /**
     * kube's dropNonResizeUpdates: {@code old} with the resources and resize policies of {@code object}'s containers and
     * init containers (matched by name). Containers added, removed or renamed leave {@code object} as it is, for the
     * resize rules to refuse.
     */
    private static ObjectNode resized(ObjectNode object, ObjectNode old) {
        ObjectNode result = old.deepCopy();
        for (String list : new String[] {"containers", "initContainers"}) {
            JsonNode now = object.path("spec").path(list);
            JsonNode before = result.path("spec").path(list);
            if (now.size() != before.size()) {
                return object;
            }
            for (JsonNode container : now) {
                for (JsonNode target : before) {
                    if (target.path("name").equals(container.path("name")) && target instanceof ObjectNode t) {
                        for (String field : new String[] {"resources", "resizePolicy"}) {
                            JsonNode value = container.get(field);
                            if (value == null || value.isNull()) {
                                t.remove(field);
                            } else {
                                t.set(field, value);
                            }
                        }
                    }
                }
            }
        }
        return result;
    }

    /** True when anything but metadata and status differs: what Kubernetes counts as a spec change. */
    public static boolean specChanged(ObjectNode a, ObjectNode b) {
        return !withoutMetaAndStatus(a).equals(withoutMetaAndStatus(b));
    }

    private static Map<String, JsonNode> withoutMetaAndStatus(ObjectNode o) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("metadata") && !e.getKey().equals("status")) {
                fields.put(e.getKey(), e.getValue());
            }
        }
        return fields;
    }

    private static boolean tracksGeneration(ObjectNode object, ResourceType type) {
        return type.hasSubresource("status") && !type.resource().equals("namespaces") || !type.group().isEmpty()
                && object.has("spec");
    }

    public static String generateName(String prefix) {
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        StringBuilder sb = new StringBuilder(base);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return sb.toString();
    }

    public static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The stored body plus the revision it was stored at: what clients see. */
    public static ObjectNode withResourceVersion(ObjectNode object, long resourceVersion) {
        Json.metadata(object).put("resourceVersion", Long.toString(resourceVersion));
        return object;
    }
}
