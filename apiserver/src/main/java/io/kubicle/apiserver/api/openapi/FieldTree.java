package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KnownFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields a kind's OpenAPI schema declares, compiled once into a tree for kube's strict decoding
 * checks ({@link #problems}): a lookup per field of the object, no schema walking per request.
 *
 * <p>Shapes: an object with declared properties; a map (additionalProperties) whose values share one tree;
 * a list whose items share one tree; an open node (preserve-unknown-fields, or an object schema with no
 * properties, as RawExtension) that accepts anything; a scalar. Recursive schemas (JSONSchemaProps) are
 * compiled once per name, so the tree is a graph. Immutable once compiled.
 */
public final class FieldTree implements KnownFields {

    private static final FieldTree OPEN = new FieldTree();
    private static final FieldTree SCALAR = new FieldTree();

    private Map<String, FieldTree> properties;
    private FieldTree items;
    /** The key fields of a list's items (list-map-keys, or the patch merge key), for apply's paths. */
    private List<String> itemKeys;
    private FieldTree values;

    private FieldTree() {
    }

    /**
     * Compiles {@code schema}, following {@code $ref} (and kube's one-element {@code allOf}) through
     * {@code schemas}; {@code compiled} memoizes named schemas across calls (guard it if shared).
     */
    static FieldTree compile(JsonNode schema, Function<String, JsonNode> schemas, Map<String, FieldTree> compiled) {
        String name = refName(schema);
        if (name != null) {
            FieldTree known = compiled.get(name);
            if (known != null) {
                return known;
            }
            JsonNode target = schemas.apply(name);
            if (target == null) {
                return OPEN;
            }
            FieldTree tree = shapeOf(target);
            compiled.put(name, tree);
            return tree.fill(target, schemas, compiled);
        }
        return shapeOf(schema).fill(schema, schemas, compiled);
    }

    private static FieldTree shapeOf(JsonNode schema) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return OPEN;
        }
        String type = schema.path("type").asText("");
        if (type.equals("array")) {
            return new FieldTree();
        }
        if (type.equals("object") || schema.has("properties")) {
            return schema.has("properties") || schema.path("additionalProperties").isObject() ? new FieldTree() : OPEN;
        }
        return type.isEmpty() ? OPEN : SCALAR;
    }

    private FieldTree fill(JsonNode schema, Function<String, JsonNode> schemas, Map<String, FieldTree> compiled) {
        if (this == OPEN || this == SCALAR) {
            return this;
        }
        if (schema.path("type").asText("").equals("array")) {
            items = schema.has("items") ? compile(schema.get("items"), schemas, compiled) : OPEN;
            if (schema.path("x-kubernetes-list-type").asText("").equals("map")) {
                itemKeys = new ArrayList<>();
                schema.path("x-kubernetes-list-map-keys").forEach(key -> itemKeys.add(key.asText()));
            } else if (schema.has("x-kubernetes-patch-merge-key")) {
                itemKeys = List.of(schema.get("x-kubernetes-patch-merge-key").asText());
            }
            return this;
        }
        if (schema.has("properties")) {
            properties = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                properties.put(e.getKey(), compile(e.getValue(), schemas, compiled));
            }
        }
        if (schema.path("additionalProperties").isObject()) {
            values = compile(schema.get("additionalProperties"), schemas, compiled);
        }
        return this;
    }

    private static String refName(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.isEmpty() && schema.path("allOf").size() == 1) {
            ref = schema.get("allOf").get(0).path("$ref").asText("");
        }
        return ref.startsWith(SpecSplitter.SCHEMA_REF) ? ref.substring(SpecSplitter.SCHEMA_REF.length()) : null;
    }

    /**
     * {@code unknown field "<path>"} for every field of {@code object} the schema does not declare, and
     * {@code duplicate field "<path>"} for declared ones whose path is in {@code duplicates}, in the
     * object's order; paths as kube writes them: {@code spec.template.spec.containers[0].image},
     * map values by key ({@code metadata.labels.app}).
     */
    @Override
    public List<String> problems(ObjectNode object, Set<String> duplicates) {
        List<String> out = new ArrayList<>(0);
        walk(object, null, duplicates, out, false);
        return out;
    }

    /** Removes the fields {@link #problems} calls unknown, as decoding into kube's Go types does. */
    @Override
    public void dropUnknown(ObjectNode object) {
        walk(object, null, Set.of(), null, false);
    }

    /**
     * The undeclared fields of a server-side apply configuration, named as kube's structured-merge-diff
     * names them: {@code .spec.template.spec.containers[name="web"].imagee}, items of keyed lists by
     * their keys, other items by index.
     */
    public List<String> undeclared(ObjectNode applied) {
        List<String> out = new ArrayList<>(0);
        walk(applied, null, Set.of(), out, true);
        return out.stream().map(problem -> problem.substring("unknown field \"".length(), problem.length() - 1))
                .toList();
    }

    /**
     * A path built only when a problem is reported (the common clean object builds none). {@code itemKey}
     * names a list item by its keys; on a top-level field of an apply path it is "" (a leading dot).
     */
    private record Path(Path parent, String field, int index, String itemKey) {
        @Override
        public String toString() {
            String head = parent == null ? "" : parent.toString();
            if (field == null) {
                return head + (itemKey != null ? itemKey : "[" + index + "]");
            }
            return head.isEmpty() && itemKey == null ? field : head + "." + field;
        }
    }

    /** {@code [name="web"]}, or null if the item lacks a key field (then it is named by index). */
    private static String itemKey(JsonNode item, List<String> keys) {
        StringBuilder sb = new StringBuilder("[");
        for (String key : keys) {
            JsonNode value = item.get(key);
            if (value == null || value.isContainerNode()) {
                return null;
            }
            sb.append(sb.length() == 1 ? "" : ",").append(key).append('=').append(value);
        }
        return sb.append(']').toString();
    }

    /**
     * Reports problems into {@code out}, or drops unknown fields when it is null; {@code apply} names
     * paths as structured-merge-diff does (a leading dot, keyed list items by their keys).
     */
    private void walk(JsonNode value, Path path, Set<String> duplicates, List<String> out, boolean apply) {
        if (this == OPEN || this == SCALAR || value == null) {
            return;
        }
        if (items != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String key = apply && itemKeys != null && out != null ? itemKey(value.get(i), itemKeys) : null;
                items.walk(value.get(i), new Path(path, null, i, key), duplicates, out, apply);
            }
            return;
        }
        if (!value.isObject() || (properties == null && values == null)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldTree field = properties == null ? null : properties.get(e.getKey());
            if (field == null) {
                field = values;
            }
            Path at = new Path(path, e.getKey(), 0, apply && path == null ? "" : null);
            if (field == null) {
                if (out == null) {
                    it.remove();
                } else {
                    out.add("unknown field \"" + at + "\"");
                }
                continue;
            }
            if (out != null && !duplicates.isEmpty() && duplicates.contains(at.toString())) {
                out.add("duplicate field \"" + at + "\"");
            }
            field.walk(e.getValue(), at, duplicates, out, apply);
        }
    }
}
