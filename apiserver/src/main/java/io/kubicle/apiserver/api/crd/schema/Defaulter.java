package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Structural defaulting: a missing property, or a null one whose schema is not nullable, gets a deep copy of
 * its default; defaulting then descends into the (possibly just defaulted) value, as kube's algorithm does.
 */
final class Defaulter {
    private Defaulter() {
    }

    static void apply(SchemaNode s, JsonNode v) {
        if (s == null || v == null || !s.hasDefaultsBelow) {
            return;
        }
        if (v.isObject()) {
            ObjectNode o = (ObjectNode) v;
            for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
                SchemaNode prop = p.getValue();
                if (prop.defaultValue == null) {
                    continue;
                }
                JsonNode current = o.get(p.getKey());
                if (current == null || current.isNull() && !prop.nullable) {
                    o.set(p.getKey(), prop.defaultValue.deepCopy());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                SchemaNode sub = s.child(f.getKey());
                if (sub != null) {
                    apply(sub, f.getValue());
                }
            }
        } else if (v.isArray() && s.items != null) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (item.isNull() && s.items.defaultValue != null && !s.items.nullable) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) v).set(i, s.items.defaultValue.deepCopy());
                    item = v.get(i);
                }
                apply(s.items, item);
            }
        }
    }
}
