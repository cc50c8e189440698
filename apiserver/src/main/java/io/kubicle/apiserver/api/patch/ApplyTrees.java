package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.FieldSet.PathElement;
import io.kubicle.apiserver.api.patch.PatchSchema.ListMerge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema-aware tree operations of server-side apply, after structured-merge-diff's typed
 * package: the field set of an applied configuration (ToFieldSet), the difference of two objects
 * (Compare), merging a configuration into an object (Merge) and removing fields (RemoveItems).
 * Objects are granular maps unless the schema calls them atomic; lists are atomic unless the schema
 * makes them list-maps (elements keyed by {@code k:}) or sets of primitives ({@code v:}).
 */
final class ApplyTrees {
    private enum ListKind { ATOMIC, MAP, SET }

    /** Added, modified and removed paths from one object to another. */
    record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
        boolean isSame() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }
    }

    private final PatchSchema schema;

    ApplyTrees(PatchSchema schema) {
        this.schema = schema == null ? PatchSchema.NONE : schema;
    }

    /** Every leaf, list element and atomic value of an applied configuration. */
    FieldSet toFieldSet(JsonNode config) {
        FieldSet out = new FieldSet();
        collect(config, List.of(), new ArrayList<>(), out);
        return out;
    }

    private void collect(JsonNode v, List<String> path, List<PathElement> pes, FieldSet out) {
        if (v.isObject() && (pes.isEmpty() || !v.isEmpty() && !schema.atomicObject(path))) {
            for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields((ObjectNode) v)) {
                collect(e.getValue(), StrategicMergePatch.child(path, e.getKey()), with(pes, PathElement.field(e.getKey())), out);
            }
        } else if (v.isArray() && !v.isEmpty() && kind(path) != ListKind.ATOMIC) {
            for (Map.Entry<PathElement, JsonNode> e : elements((ArrayNode) v, path, true).entrySet()) {
                List<PathElement> at = with(pes, e.getKey());
                out.insert(at);
                JsonNode element = e.getValue();
                if (element.isObject() && !schema.atomicObject(path)) {
                    element.fields().forEachRemaining(f -> collect(f.getValue(),
                            StrategicMergePatch.child(path, f.getKey()), with(at, PathElement.field(f.getKey())), out));
                }
            }
        } else if (!pes.isEmpty()) {
            out.insert(pes);
        }
    }

    /** What changed from {@code lhs} to {@code rhs} (either may be null for "absent"). */
    Comparison compare(JsonNode lhs, JsonNode rhs) {
        Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        compare(lhs, rhs, List.of(), new ArrayList<>(), c);
        return c;
    }

    private void compare(JsonNode l, JsonNode r, List<String> path, List<PathElement> pes, Comparison c) {
        boolean bothEmpty = (l == null || l.isContainerNode() && l.isEmpty()) && (r == null || r.isContainerNode() && r.isEmpty());
        boolean root = pes.isEmpty();
        if (isObject(l, r) && (root || !bothEmpty && !schema.atomicObject(path))) {
            Set<String> keys = new LinkedHashSet<>();
            if (l != null) {
                l.fieldNames().forEachRemaining(keys::add);
            }
            if (r != null) {
                r.fieldNames().forEachRemaining(keys::add);
            }
            for (String k : keys) {
                compare(l == null ? null : l.get(k), r == null ? null : r.get(k), StrategicMergePatch.child(path, k),
                        with(pes, PathElement.field(k)), c);
            }
        } else if (isArray(l, r) && !bothEmpty && kind(path) != ListKind.ATOMIC) {
            Map<PathElement, JsonNode> left = l == null ? Map.of() : elements((ArrayNode) l, path, false);
            Map<PathElement, JsonNode> right = r == null ? Map.of() : elements((ArrayNode) r, path, false);
            Set<PathElement> all = new LinkedHashSet<>(left.keySet());
            all.addAll(right.keySet());
            for (PathElement pe : all) {
                compareElement(left.get(pe), right.get(pe), path, with(pes, pe), c);
            }
        } else {
            leaf(l, r, path, pes, c);
            return;
        }
        if (!root && !schema.alwaysPresent(path)) {
            if (l == null) {
                c.added.insert(pes);
            } else if (r == null) {
                c.removed.insert(pes);
            }
        }
    }

    private void compareElement(JsonNode l, JsonNode r, List<String> path, List<PathElement> pes, Comparison c) {
        if (isObject(l, r) && !schema.atomicObject(path)) {
            Set<String> keys = new LinkedHashSet<>();
            if (l != null) {
                l.fieldNames().forEachRemaining(keys::add);
            }
            if (r != null) {
                r.fieldNames().forEachRemaining(keys::add);
            }
            for (String k : keys) {
                compare(l == null ? null : l.get(k), r == null ? null : r.get(k), StrategicMergePatch.child(path, k),
                        with(pes, PathElement.field(k)), c);
            }
            if (l == null) {
                c.added.insert(pes);
            } else if (r == null) {
                c.removed.insert(pes);
            }
        } else {
            leaf(l, r, List.of(), pes, c);
        }
    }

    private void leaf(JsonNode l, JsonNode r, List<String> path, List<PathElement> pes, Comparison c) {
        if (l == null) {
            if (!(schema.alwaysPresent(path) && r.isContainerNode() && r.isEmpty())) {
                c.added.insert(pes);
            }
        } else if (r == null) {
            c.removed.insert(pes);
        } else if (!Json.same(l, r)) {
            c.modified.insert(pes);
        }
    }

    /** The configuration merged into {@code live}: maps and keyed lists merge, everything else is replaced. */
    JsonNode merge(JsonNode live, JsonNode config, List<String> path, boolean root) {
        if (live == null) {
            return withoutNulls(config.deepCopy());
        }
        if (live.isObject() && config.isObject() && (root || !schema.atomicObject(path))) {
            ObjectNode out = ((ObjectNode) live).deepCopy();
            for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields((ObjectNode) config)) {
                if (e.getValue().isNull()) {
                    out.remove(e.getKey());
                } else {
                    out.set(e.getKey(), merge(live.get(e.getKey()), e.getValue(), StrategicMergePatch.child(path, e.getKey()), false));
                }
            }
            return out;
        }
        ListKind kind = kind(path);
        if (live.isArray() && config.isArray() && kind != ListKind.ATOMIC) {
            ArrayNode out = ((ArrayNode) live).deepCopy();
            Map<PathElement, Integer> positions = new LinkedHashMap<>();
            for (int i = 0; i < out.size(); i++) {
                positions.putIfAbsent(elementKey(out.get(i), path, false), i);
            }
            for (Map.Entry<PathElement, JsonNode> e : elements((ArrayNode) config, path, true).entrySet()) {
                Integer at = positions.get(e.getKey());
                if (at == null) {
                    out.add(withoutNulls(e.getValue().deepCopy()));
                } else if (kind == ListKind.MAP) {
                    out.set(at, merge(out.get(at), e.getValue(), path, false));
                }
            }
            return out;
        }
        return withoutNulls(config.deepCopy());
    }

    /**
     * Removes from {@code node} the members of {@code remove}, except where {@code keep} owns the
     * path or something below it; containers emptied by the removal go too.
     */
    void prune(JsonNode node, FieldSet remove, FieldSet keep, List<String> path) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields(object)) {
                PathElement pe = PathElement.field(e.getKey());
                if (pruneChild(e.getValue(), remove.child(pe), keep == null ? null : keep.child(pe),
                        StrategicMergePatch.child(path, e.getKey()))) {
                    object.remove(e.getKey());
                }
            }
        } else if (node instanceof ArrayNode array && kind(path) != ListKind.ATOMIC) {
            ListMerge lm = schema.listMerge(path);
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode element = array.get(i);
                PathElement pe = elementKey(element, path, false);
                FieldSet r = pe == null ? null : remove.child(pe);
                FieldSet k = pe == null || keep == null ? null : keep.child(pe);
                if (r == null) {
                    continue;
                }
                if (r.member() && (k == null || k.isEmpty())) {
                    array.remove(i);
                } else if (element instanceof ObjectNode object) {
                    for (String key : lm.keys()) {
                        r = r.difference(keyField(key));
                    }
                    prune(object, r, k, path);
                }
            }
        }
    }

    /** True when the child should be removed from its parent. */
    private boolean pruneChild(JsonNode child, FieldSet remove, FieldSet keep, List<String> path) {
        if (remove == null) {
            return false;
        }
        boolean kept = keep != null && !keep.isEmpty();
        if (remove.member() && !kept) {
            return true;
        }
        if (child.isContainerNode() && !child.isEmpty()) {
            prune(child, remove, keep, path);
            return child.isEmpty() && (keep == null || !keep.member());
        }
        return false;
    }

    private static FieldSet keyField(String key) {
        FieldSet s = new FieldSet();
        s.insert(List.of(PathElement.field(key)));
        return s;
    }

    private ListKind kind(List<String> path) {
        ListMerge lm = schema.listMerge(path);
        if (lm == null || !lm.merges()) {
            return ListKind.ATOMIC;
        }
        return lm.mergeKey() == null ? ListKind.SET : ListKind.MAP;
    }

    /** Elements by path element, first occurrence winning; strict (for configurations) refuses bad or duplicate keys. */
    private Map<PathElement, JsonNode> elements(ArrayNode list, List<String> path, boolean strict) {
        Map<PathElement, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            PathElement pe = elementKey(list.get(i), path, strict);
            if (pe == null) {
                continue;
            }
            if (out.containsKey(pe)) {
                if (strict) {
                    throw new PatchException("." + String.join(".", path) + ": duplicate entries for key " + pe.display());
                }
                continue;
            }
            out.put(pe, list.get(i));
        }
        return out;
    }

    /** The k: or v: element of a list item, or null (non-strict) when it cannot be keyed. */
    private PathElement elementKey(JsonNode element, List<String> path, boolean strict) {
        ListMerge lm = schema.listMerge(path);
        if (lm.mergeKey() == null) {
            if (element.isContainerNode()) {
                if (strict) {
                    throw new PatchException("." + String.join(".", path) + ": set elements must be primitives");
                }
                return null;
            }
            return PathElement.value(element);
        }
        if (!element.isObject()) {
            if (strict) {
                throw new PatchException("." + String.join(".", path) + ": expected map elements, got " + Json.canonical(element));
            }
            return null;
        }
        ObjectNode keys = Json.object();
        for (String key : lm.keys()) {
            JsonNode value = element.get(key);
            if (value == null || value.isNull()) {
                value = ListMerge.keyDefault(key);
            }
            if (value == null) {
                if (strict) {
                    throw new PatchException("." + String.join(".", path) + ": associative list with keys has an element"
                            + " that omits key field \"" + key + "\" (and doesn't have default value)");
                }
                return null;
            }
            keys.set(key, value);
        }
        return PathElement.key(keys);
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields(object)) {
                if (e.getValue().isNull()) {
                    object.remove(e.getKey());
                } else {
                    withoutNulls(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(ApplyTrees::withoutNulls);
        }
        return node;
    }

    private static boolean isObject(JsonNode l, JsonNode r) {
        return (l == null || l.isObject()) && (r == null || r.isObject());
    }

    private static boolean isArray(JsonNode l, JsonNode r) {
        return (l == null || l.isArray()) && (r == null || r.isArray());
    }

    private static List<PathElement> with(List<PathElement> pes, PathElement pe) {
        List<PathElement> out = new ArrayList<>(pes.size() + 1);
        out.addAll(pes);
        out.add(pe);
        return out;
    }
}
