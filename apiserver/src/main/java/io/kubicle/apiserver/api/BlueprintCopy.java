package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a blueprint workspace's objects into the first objects of a new one: same names and contents,
 * new uids (owner references follow them), a fresh creation time. Left behind: Events (history of
 * the other workspace), objects being deleted, and ServiceAccount token Secrets (credentials are never
 * shared between workspaces).
 */
final class BlueprintCopy {
    private BlueprintCopy() {
    }

    static List<ObjectWrite> writes(List<StoredObject> source, long workspaceId, Instant now) {
        List<ObjectNode> kept = new ArrayList<>();
        List<StoredObject> keptRows = new ArrayList<>();
        Map<String, String> newUids = new HashMap<>();
        for (StoredObject row : source) {
            ObjectNode object = Json.parseStored(row.body());
            if (!copied(row.key(), object)) {
                continue;
            }
            kept.add(object);
            keptRows.add(row);
            newUids.put(row.uid(), UUID.randomUUID().toString());
        }
        String created = ObjectLifecycle.timestamp(now);
        List<ObjectWrite> writes = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            ObjectNode object = kept.get(i);
            StoredObject row = keptRows.get(i);
            ObjectNode meta = Json.metadata(object);
            meta.put("uid", newUids.get(row.uid()));
            meta.put("creationTimestamp", created);
            meta.remove("resourceVersion");
            remapOwners(meta, newUids);
            ObjectKey key = new ObjectKey(workspaceId, row.key().group(), row.key().resource(), row.key().namespace(),
                    row.key().name());
            writes.add(ObjectWrites.toWrite(key, object));
        }
        return writes;
    }

    private static boolean copied(ObjectKey key, ObjectNode object) {
        boolean event = key.resource().equals("events") && (key.group().isEmpty() || key.group().equals("events.k8s.io"));
        boolean deleting = !Json.text(Json.metadata(object), "deletionTimestamp").isEmpty();
        boolean token = key.group().isEmpty() && key.resource().equals("secrets")
                && "kubernetes.io/service-account-token".equals(object.path("type").asText());
        boolean tokenRecord = key.group().equals("kubicle.io") && key.resource().equals("tokenhashes");
        return !event && !deleting && !token && !tokenRecord;
    }

    /** References to owners that were copied follow their new uids; references to anything else are dropped. */
    private static void remapOwners(ObjectNode meta, Map<String, String> newUids) {
        JsonNode refs = meta.get("ownerReferences");
        if (refs == null || !refs.isArray()) {
            return;
        }
        ArrayNode remapped = meta.arrayNode();
        for (JsonNode ref : refs) {
            String uid = newUids.get(ref.path("uid").asText());
            if (uid != null && ref.isObject()) {
                ObjectNode copy = ((ObjectNode) ref).deepCopy();
                copy.put("uid", uid);
                remapped.add(copy);
            }
        }
        if (remapped.isEmpty()) {
            meta.remove("ownerReferences");
        } else {
            meta.set("ownerReferences", remapped);
        }
    }
}
