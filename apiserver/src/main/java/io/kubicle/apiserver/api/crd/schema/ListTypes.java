package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * x-kubernetes-list-type set/map uniqueness (only the second occurrence of a value is reported, as kube does)
 * and correlation of list-map items with the old object for transition rules.
 */
final class ListTypes {
    private ListTypes() {
    }

    static void check(SchemaNode s, JsonNode list, String path, List<FieldError> errors) {
        if ("set".equals(s.listType)) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (seen.merge(canonical(item), 1, Integer::sum) == 2) {
                    errors.add(new FieldError(FieldError.DUPLICATE, path + "[" + i + "]", JsonValues.render(item), null));
                }
            }
        } else if ("map".equals(s.listType)) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isObject() && !item.isNull()) {
                    errors.add(FieldError.invalid(path + "[" + i + "]", JsonValues.render(item),
                            "must be an object for an array of list-type map"));
                    return;
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                ObjectNode key = key(s, list.get(i));
                if (seen.merge(canonical(key), 1, Integer::sum) == 2) {
                    errors.add(new FieldError(FieldError.DUPLICATE, path + "[" + i + "]", key.toString(), null));
                }
            }
        }
    }

    /** The old item with the same list-map keys, or null: only map lists correlate items. */
    static JsonNode correlate(SchemaNode s, JsonNode item, JsonNode oldList) {
        if (oldList == null || !oldList.isArray() || !"map".equals(s.listType) || !item.isObject()) {
            return null;
        }
        ObjectNode key = key(s, item);
        for (JsonNode o : oldList) {
            if (o.isObject() && JsonValues.equal(key(s, o), key)) {
                return o;
            }
        }
        return null;
    }

    private static ObjectNode key(SchemaNode s, JsonNode item) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        if (item != null && item.isObject()) {
            for (String k : s.listMapKeys) {
                JsonNode v = item.get(k);
                if (v != null) {
                    key.set(k, v);
                }
            }
        }
        return key;
    }

    /** A string that is equal for JSON-equal values (numbers normalised, object keys sorted). */
    private static String canonical(JsonNode v) {
        if (v.isNumber()) {
            return v.isIntegralNumber() ? "i" + v.bigIntegerValue() : "f" + v.doubleValue();
        }
        if (v.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            java.util.List<String> names = new java.util.ArrayList<>();
            v.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            for (String n : names) {
                sb.append(n).append(':').append(canonical(v.get(n))).append(',');
            }
            return sb.append('}').toString();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            v.forEach(x -> sb.append(canonical(x)).append(','));
            return sb.append(']').toString();
        }
        return v.toString();
    }
}
