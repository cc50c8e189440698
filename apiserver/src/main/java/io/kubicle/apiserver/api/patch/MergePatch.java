package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}): objects merge recursively, a null
 * member deletes, anything else (arrays included) replaces. Used by {@code kubectl label},
 * {@code annotate} and {@code scale}, and for every kind including custom resources.
 */
public final class MergePatch {
    private MergePatch() {
    }

    /** Returns the patched document; {@code target} is not modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? Json.NODES.nullNode() : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        merge(result, (ObjectNode) patch);
        return result;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject()) {
                JsonNode current = target.get(e.getKey());
                ObjectNode child = current != null && current.isObject() ? (ObjectNode) current : Json.object();
                merge(child, (ObjectNode) value);
                target.set(e.getKey(), child);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }
}
