package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Structural pruning: drops every field the schema does not specify, unless x-kubernetes-preserve-unknown-fields
 * keeps it. Returns the dropped paths the way kube's strict decoding names them ("spec.foo", "spec.list[0].x").
 */
final class Pruner {
    private final List<String> pruned;

    Pruner(List<String> pruned) {
        this.pruned = pruned;
    }

    /** The object root: apiVersion, kind and metadata are the API machinery's, not the schema's. */
    void pruneRoot(SchemaNode s, ObjectNode object) {
        pruneObject(s, object, "", true);
    }

    private void prune(SchemaNode s, JsonNode v, String path) {
        if (v == null || s == null) {
            return;
        }
        if (v.isObject()) {
            pruneObject(s, (ObjectNode) v, path, s.embeddedResource);
        } else if (v.isArray()) {
            if (s.items != null) {
                for (int i = 0; i < v.size(); i++) {
                    prune(s.items, v.get(i), path + "[" + i + "]");
                }
            }
        }
    }

    private void pruneObject(SchemaNode s, ObjectNode v, String path, boolean resourceLike) {
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            String childPath = Validator.child(path, key);
            if (resourceLike && ("apiVersion".equals(key) || "kind".equals(key))) {
                continue;
            }
            if (resourceLike && "metadata".equals(key)) {
                if (!path.isEmpty() && f.getValue().isObject()) {
                    pruneMetadata((ObjectNode) f.getValue(), childPath);
                }
                continue;
            }
            SchemaNode sub = s.properties.get(key);
            if (sub == null) {
                sub = s.additionalProperties;
            }
            if (sub == null) {
                if (s.preserveUnknownFields || s.additionalAllowed) {
                    continue;
                }
                pruned.add(childPath);
                it.remove();
                continue;
            }
            prune(sub, f.getValue(), childPath);
        }
    }

    private void pruneMetadata(ObjectNode metadata, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = metadata.fields();
        while (it.hasNext()) {
            String key = it.next().getKey();
            if (!EmbeddedResources.OBJECT_META_FIELDS.contains(key)) {
                pruned.add(Validator.child(path, key));
                it.remove();
            }
        }
    }
}
