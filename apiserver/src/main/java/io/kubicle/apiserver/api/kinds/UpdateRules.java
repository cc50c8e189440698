package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the update rules of many kinds share: kube's ValidateImmutableField ("field is immutable"),
 * apiequality.Semantic.DeepEqual on JSON trees, and the diff kube appends to "may not change" messages.
 */
final class UpdateRules {
    static final String IMMUTABLE = "field is immutable";

    private UpdateRules() {
    }

    /**
     * ValidateImmutableField: adds {@code path: Invalid value: <rendered>: field is immutable} when the
     * values differ. {@code rendered} is the new value as kube prints it.
     */
    static void immutable(List<FieldError> errs, String path, JsonNode value, JsonNode old, String rendered) {
        if (!same(value, old)) {
            errs.add(FieldError.invalid(path, rendered, IMMUTABLE));
        }
    }

    /** ValidateImmutableField for a scalar or *scalar field (strings quoted, absent as null). */
    static void immutable(List<FieldError> errs, String path, JsonNode value, JsonNode old) {
        immutable(errs, path, value, old, pointer(value));
    }

    /** A pointer-typed scalar as field.Error prints it: null when unset. */
    static String pointer(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() ? "null" : GoFmt.value(value);
    }

    /**
     * Semantic equality of two API values: what Go's decoding makes of them compares equal. Unset values
     * are the same whatever their JSON (omitempty fields, nil slices, zero values), numbers compare
     * by value, and quantities ("1" and "1000m") by amount.
     */
    static boolean same(JsonNode a, JsonNode b) {
        if (absent(a) || absent(b)) {
            return absent(a) && absent(b);
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!same(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.equals(b)) {
            return true;
        }
        BigDecimal qa = a.isValueNode() ? Quantities.value(a.asText()) : null;
        BigDecimal qb = b.isValueNode() ? Quantities.value(b.asText()) : null;
        return qa != null && qb != null && qa.compareTo(qb) == 0 && !a.isBoolean() && !b.isBoolean();
    }

    /** Unset as Go sees it: missing, null, an empty list or map, or a zero value (false, 0, ""). */
    static boolean absent(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || (n.isContainerNode() && n.isEmpty())
                || (n.isBoolean() && !n.asBoolean()) || (n.isNumber() && n.decimalValue().signum() == 0)
                || (n.isTextual() && n.asText().isEmpty());
    }

    /** A copy of an object without some fields (the ones an update may change), for comparing the rest. */
    static ObjectNode without(JsonNode object, String... fields) {
        ObjectNode copy = object.isObject() ? ((ObjectNode) object).deepCopy() : Json.NODES.objectNode();
        copy.remove(List.of(fields));
        return copy;
    }

    /** target.field := source.field, removed when source has none: what kube's munging before a comparison does. */
    static void copy(ObjectNode target, JsonNode source, String field) {
        JsonNode v = source.get(field);
        if (v == null) {
            target.remove(field);
        } else {
            target.set(field, v.deepCopy());
        }
    }

    /**
     * The diff kube appends to "may not change" messages (it prints go-cmp's diff of the Go structs):
     * here one {@code -}/{@code +} line pair per top-level field that differs, Go field names, JSON values.
     */
    static String diff(String typeName, JsonNode old, JsonNode next) {
        StringBuilder sb = new StringBuilder("  ").append(typeName).append("{\n");
        TreeSet<String> keys = new TreeSet<>();
        old.fieldNames().forEachRemaining(keys::add);
        next.fieldNames().forEachRemaining(keys::add);
        int same = 0;
        for (String k : keys) {
            if (same(old.get(k), next.get(k))) {
                same++;
                continue;
            }
            if (same > 0) {
                sb.append("  \t... // ").append(same).append(same == 1 ? " identical field\n" : " identical fields\n");
                same = 0;
            }
            String goName = Character.toUpperCase(k.charAt(0)) + k.substring(1);
            sb.append("- \t").append(goName).append(": ").append(render(old.get(k))).append(",\n");
            sb.append("+ \t").append(goName).append(": ").append(render(next.get(k))).append(",\n");
        }
        if (same > 0) {
            sb.append("  \t... // ").append(same).append(same == 1 ? " identical field\n" : " identical fields\n");
        }
        return sb.append("  }\n").toString();
    }

    private static String render(JsonNode n) {
        return absent(n) ? "nil" : n.toString();
    }

    /**
     * A *metav1.LabelSelector as field.Error prints it (its generated String method):
     * {@code &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}}.
     */
    static String selector(JsonNode selector) {
        if (absent(selector)) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(Json.stringMap(selector, "matchLabels")).entrySet()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append(',');
        }
        sb.append("},MatchExpressions:[]LabelSelectorRequirement{");
        for (JsonNode r : Json.items(selector, "matchExpressions")) {
            StringBuilder values = new StringBuilder();
            for (Iterator<JsonNode> it = r.path("values").elements(); it.hasNext(); ) {
                values.append(values.length() == 0 ? "" : " ").append(it.next().asText());
            }
            sb.append("LabelSelectorRequirement{Key:").append(Json.text(r, "key")).append(",Operator:")
                    .append(Json.text(r, "operator")).append(",Values:[").append(values).append("],},");
        }
        return sb.append("},}").toString();
    }

    /** spec.selector immutable, as apps/v1 Deployments, ReplicaSets and DaemonSets keep it (and Jobs). */
    static void immutableSelector(List<FieldError> errs, String path, JsonNode spec, JsonNode oldSpec) {
        immutable(errs, path, spec.path("selector"), oldSpec.path("selector"), selector(spec.path("selector")));
    }
}
