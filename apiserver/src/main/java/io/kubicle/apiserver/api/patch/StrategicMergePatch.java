package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.PatchSchema.ListMerge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in
 * kinds, following k8s.io/apimachinery/pkg/util/strategicpatch (StrategicMergeMapPatch with
 * MergeParallelList and IgnoreUnmatchedNulls): maps merge recursively and null deletes; lists merge
 * by their patchMergeKey or as sets when the schema says so, and are replaced otherwise. Directives:
 * {@code $patch: replace|delete} on maps and list elements ({@code merge} is accepted on maps as the
 * default), {@code $retainKeys}, {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>}.
 * Error texts are kube's (mergepatch.Err*).
 */
public final class StrategicMergePatch {
    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private final PatchSchema schema;

    private StrategicMergePatch(PatchSchema schema) {
        this.schema = schema == null ? PatchSchema.NONE : schema;
    }

    /**
     * Applies {@code patch} to a copy of {@code target} (neither is modified).
     *
     * @throws PatchException when the patch is not an object or breaks a strategic merge rule
     */
    public static JsonNode apply(JsonNode target, JsonNode patch, PatchSchema schema) {
        if (patch == null || !patch.isObject()) {
            String kind = patch == null || patch.isNull() ? "null" : patch.isArray() ? "array"
                    : patch.isNumber() ? "number" : patch.isBoolean() ? "bool" : "string";
            throw new PatchException("json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}");
        }
        ObjectNode original = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        return new StrategicMergePatch(schema).mergeMap(original, ((ObjectNode) patch).deepCopy(), List.of());
    }

    private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            String d = directive.isTextual() ? directive.textValue() : null;
            if ("delete".equals(d)) {
                return Json.object();
            }
            patch.remove(DIRECTIVE);
            if ("replace".equals(d)) {
                return mergeMap(Json.object(), patch, path);
            }
            if (!"merge".equals(d)) {
                patch.set(DIRECTIVE, directive);
                throw badPatchType(directive, patch);
            }
        }
        applyRetainKeys(original, patch);
        new ElementOrder(this).apply(original, patch, path);
        for (Map.Entry<String, JsonNode> e : fields(patch)) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            boolean deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
            if (deleteList) {
                key = extractKey(key, DELETE_FROM_PRIMITIVE_LIST, "invalid patch format of primitive list");
            }
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            List<String> childPath = child(path, key);
            JsonNode current = original.get(key);
            if (deleteList) {
                if (!value.isArray()) {
                    throw badArgType("[]interface {}", value);
                }
                ListMerge lm = schema.listMerge(childPath);
                if (current != null && current.isArray() && lm != null && lm.merges()) {
                    original.set(key, mergeSlice((ArrayNode) current, (ArrayNode) value, null, childPath, true));
                }
                continue;
            }
            if (current == null || current.getNodeType() != value.getNodeType()) {
                original.set(key, fresh(value, childPath));
            } else if (value.isObject()) {
                original.set(key, mergeMap((ObjectNode) current, (ObjectNode) value, childPath));
            } else if (value.isArray()) {
                original.set(key, mergeList((ArrayNode) current, (ArrayNode) value, childPath));
            } else {
                original.set(key, value);
            }
        }
        return original;
    }

    /** A patch value with nothing to merge into: directives are processed against an empty value. */
    JsonNode fresh(JsonNode value, List<String> path) {
        if (value.isObject()) {
            return mergeMap(Json.object(), (ObjectNode) value, path);
        }
        if (value.isArray()) {
            return mergeList(Json.NODES.arrayNode(), (ArrayNode) value, path);
        }
        return value;
    }

    /** mergeSliceHandler: merge when the schema says so, else the patch replaces the list. */
    ArrayNode mergeList(ArrayNode original, ArrayNode patch, List<String> path) {
        ListMerge lm = schema.listMerge(path);
        if (lm != null && lm.merges()) {
            return mergeSlice(original, patch, lm.mergeKey(), path, false);
        }
        ArrayNode out = Json.NODES.arrayNode();
        for (JsonNode element : patch) {
            out.add(element.isObject() ? mergeMap(Json.object(), (ObjectNode) element, path) : element);
        }
        return out;
    }

    ListMerge listMerge(List<String> path) {
        return schema.listMerge(path);
    }

    private ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, String mergeKey, List<String> path,
            boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean maps = ElementOrder.elementsAreMaps(original, patch);
        ArrayNode merged;
        if (!maps) {
            if (deleteList) {
                return deleteFromSlice(original, patch);
            }
            merged = Json.NODES.arrayNode();
            for (JsonNode v : concat(original, patch)) {
                if (ElementOrder.indexOf(merged, v, null) < 0) {
                    merged.add(v);
                }
            }
        } else {
            if (mergeKey == null) {
                throw new PatchException("cannot merge lists without merge key for type struct");
            }
            ArrayNode[] split = specialElements(original, patch, mergeKey);
            original = split[0];
            patch = split[1];
            merged = original.deepCopy();
            for (JsonNode v : patch) {
                JsonNode key = v.get(mergeKey);
                if (key == null) {
                    throw noMergeKey(v, mergeKey);
                }
                int idx = ElementOrder.indexOf(merged, v, mergeKey);
                if (idx >= 0) {
                    merged.set(idx, mergeMap((ObjectNode) merged.get(idx), (ObjectNode) v, path));
                } else {
                    merged.add(mergeMap(Json.object(), (ObjectNode) v, path));
                }
            }
        }
        return ElementOrder.normalize(merged, patch, original, maps ? mergeKey : null);
    }

    /** Handles {@code $patch} elements: returns the original with deletions done and the patch without them. */
    private ArrayNode[] specialElements(ArrayNode original, ArrayNode patch, String mergeKey) {
        ArrayNode rest = Json.NODES.arrayNode();
        ArrayNode kept = original.deepCopy();
        boolean replace = false;
        for (JsonNode v : patch) {
            JsonNode directive = v.get(DIRECTIVE);
            if (directive == null) {
                rest.add(v);
                continue;
            }
            String d = directive.isTextual() ? directive.textValue() : "";
            switch (d) {
                case "delete" -> {
                    JsonNode key = v.get(mergeKey);
                    if (key == null) {
                        throw noMergeKey(v, mergeKey);
                    }
                    ArrayNode left = Json.NODES.arrayNode();
                    kept.forEach(o -> {
                        if (!(o.has(mergeKey) && Json.same(o.get(mergeKey), key))) {
                            left.add(o);
                        }
                    });
                    kept = left;
                }
                case "replace" -> replace = true;
                case "merge" -> throw new PatchException("merging lists cannot yet be specified in the patch");
                default -> throw badPatchType(directive, v);
            }
        }
        return replace ? new ArrayNode[] {rest, Json.NODES.arrayNode()} : new ArrayNode[] {kept, rest};
    }

    private static ArrayNode deleteFromSlice(ArrayNode current, ArrayNode toDelete) {
        ArrayNode out = Json.NODES.arrayNode();
        for (JsonNode v : current) {
            if (ElementOrder.indexOf(toDelete, v, null) < 0) {
                out.add(v);
            }
        }
        return out;
    }

    /** $retainKeys: keys of the original not listed are cleared; every key set by the patch must be listed. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch format of retainKeys");
        }
        Set<String> keep = new HashSet<>();
        retain.forEach(k -> {
            if (k.isTextual()) {
                keep.add(k.textValue());
            }
        });
        for (Map.Entry<String, JsonNode> e : fields(patch)) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw new PatchException("invalid patch format of retainKeys");
            }
        }
        original.retain(keep);
    }

    static String extractKey(String key, String prefix, String error) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw new PatchException(error);
        }
        return key.substring(slash + 1);
    }

    static PatchException noMergeKey(JsonNode map, String key) {
        return new PatchException("map: " + Json.go(map) + " does not contain declared merge key: " + key);
    }

    static PatchException badArgType(String expected, JsonNode actual) {
        return new PatchException("expected a " + expected + ", but received a " + Json.goType(actual));
    }

    private static PatchException badPatchType(JsonNode directive, JsonNode map) {
        return new PatchException("unknown patch type: " + Json.go(directive) + " in map: " + Json.go(map));
    }

    static List<Map.Entry<String, JsonNode>> fields(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    static List<String> child(List<String> path, String key) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return out;
    }

    private static List<JsonNode> concat(ArrayNode a, ArrayNode b) {
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        b.forEach(out::add);
        return out;
    }
}
