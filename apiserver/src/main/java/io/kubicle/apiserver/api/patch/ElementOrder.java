package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.PatchSchema.ListMerge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * List ordering for strategic merge patch: the {@code $setElementOrder/<list>} directive and the
 * order normalisation kube applies after every list merge (patch items in patch order, server-only
 * items kept where the live list had them), after strategicpatch's normalizeElementOrder and
 * mergePatchIntoOriginal.
 */
final class ElementOrder {
    private final StrategicMergePatch smp;

    ElementOrder(StrategicMergePatch smp) {
        this.smp = smp;
    }

    /** Processes every {@code $setElementOrder/x} of {@code patch} (and the list x it goes with). */
    void apply(ObjectNode original, ObjectNode patch, List<String> path) {
        for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields(patch)) {
            if (!e.getKey().startsWith(StrategicMergePatch.SET_ELEMENT_ORDER)) {
                continue;
            }
            patch.remove(e.getKey());
            JsonNode order = e.getValue();
            if (!order.isArray()) {
                throw StrategicMergePatch.badArgType("[]interface {}", order);
            }
            String key = StrategicMergePatch.extractKey(e.getKey(), StrategicMergePatch.SET_ELEMENT_ORDER,
                    "invalid patch format of setElementOrder list");
            JsonNode originalList = original.get(key);
            JsonNode patchList = patch.get(key);
            if (originalList != null && !originalList.isArray()) {
                throw StrategicMergePatch.badArgType("[]interface {}", originalList);
            }
            if (patchList != null && !patchList.isArray()) {
                throw StrategicMergePatch.badArgType("[]interface {}", patchList);
            }
            List<String> listPath = StrategicMergePatch.child(path, key);
            ListMerge lm = smp.listMerge(listPath);
            String mergeKey = lm == null ? null : lm.mergeKey();
            validate((ArrayNode) patchList, (ArrayNode) order, mergeKey);
            ArrayNode merged;
            if (originalList != null && patchList != null) {
                merged = smp.mergeList((ArrayNode) originalList, (ArrayNode) patchList, listPath);
            } else if (patchList != null) {
                merged = (ArrayNode) smp.fresh(patchList, listPath);
            } else if (originalList != null) {
                merged = (ArrayNode) originalList;
            } else {
                continue;
            }
            ArrayNode base = originalList == null ? Json.NODES.arrayNode() : (ArrayNode) originalList;
            boolean maps = elementsAreMaps(base, patchList == null ? Json.NODES.arrayNode() : (ArrayNode) patchList);
            if (maps && mergeKey == null) {
                original.set(key, merged);
            } else {
                original.set(key, normalize(merged, (ArrayNode) order, base, maps ? mergeKey : null));
            }
            patch.remove(key);
        }
    }

    /** The items of {@code order} that are in the patch must appear in the patch in the same relative order. */
    private static void validate(ArrayNode patchList, ArrayNode order, String mergeKey) {
        if (patchList == null || patchList.isEmpty() || order.isEmpty()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode v : patchList) {
            if (mergeKey != null && !v.isObject()) {
                throw StrategicMergePatch.badArgType("map[string]interface {}", v);
            }
            if (mergeKey == null || !isDelete(v)) {
                items.add(v);
            }
        }
        int p = 0;
        int o = 0;
        while (p < items.size() && o < order.size()) {
            if (items.get(p).has(StrategicMergePatch.DIRECTIVE)) {
                p++;
                continue;
            }
            if (keyEqual(items.get(p), order.get(o), mergeKey)) {
                p++;
            }
            o++;
        }
        if (p < items.size() && o >= order.size()) {
            throw new PatchException("The order in patch list:\n" + Json.go(patchList) + "\n doesn't match "
                    + StrategicMergePatch.SET_ELEMENT_ORDER + " list:\n" + Json.go(order) + "\n");
        }
    }

    private static boolean keyEqual(JsonNode left, JsonNode right, String mergeKey) {
        if (mergeKey == null) {
            return Json.same(left, right);
        }
        for (JsonNode side : List.of(left, right)) {
            if (!side.isObject()) {
                throw StrategicMergePatch.badArgType("map[string]interface {}", side);
            }
            if (!side.has(mergeKey)) {
                throw StrategicMergePatch.noMergeKey(side, mergeKey);
            }
        }
        return Json.same(left.get(mergeKey), right.get(mergeKey));
    }

    /**
     * Orders a merged list: items named by {@code patchOrder} in that order, the others in
     * {@code serverOrder}'s order, interleaved where both lists know them (normalizeElementOrder).
     *
     * @param mergeKey null for lists of primitives
     */
    static ArrayNode normalize(ArrayNode merged, ArrayNode patchOrder, ArrayNode serverOrder, String mergeKey) {
        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode v : merged) {
            if (mergeKey != null && !v.has(mergeKey)) {
                throw StrategicMergePatch.noMergeKey(v, mergeKey);
            }
            (indexOf(patchOrder, v, mergeKey) >= 0 ? patchItems : serverOnly).add(v);
        }
        if (mergeKey != null) {
            for (JsonNode v : patchOrder) {
                if (!v.has(mergeKey) && !isDelete(v)) {
                    throw StrategicMergePatch.noMergeKey(v, mergeKey);
                }
            }
        }
        sortBy(patchItems, patchOrder, mergeKey);
        sortBy(serverOnly, serverOrder, mergeKey);
        ArrayNode out = Json.NODES.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patchItems.size()) {
            if (i >= serverOnly.size()) {
                out.add(patchItems.get(j++));
            } else if (j >= patchItems.size()) {
                out.add(serverOnly.get(i++));
            } else {
                int li = indexOf(serverOrder, serverOnly.get(i), mergeKey);
                int ri = indexOf(serverOrder, patchItems.get(j), mergeKey);
                out.add(li >= 0 && ri >= 0 && li < ri ? serverOnly.get(i++) : patchItems.get(j++));
            }
        }
        return out;
    }

    /** Sorts the items found in {@code order} by their position there; items not found keep their places. */
    private static void sortBy(List<JsonNode> items, ArrayNode order, String mergeKey) {
        List<Integer> slots = new ArrayList<>();
        List<JsonNode> found = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (indexOf(order, items.get(i), mergeKey) >= 0) {
                slots.add(i);
                found.add(items.get(i));
            }
        }
        found.sort(Comparator.comparingInt(v -> indexOf(order, v, mergeKey)));
        for (int k = 0; k < slots.size(); k++) {
            items.set(slots.get(k), found.get(k));
        }
    }

    /** Position of {@code value} in {@code list}: by merge key value for maps, by value for primitives. */
    static int indexOf(ArrayNode list, JsonNode value, String mergeKey) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            boolean match = mergeKey == null ? Json.same(item, value)
                    : item.isObject() && value.isObject() && Json.same(item.get(mergeKey), value.get(mergeKey));
            if (match) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDelete(JsonNode v) {
        JsonNode d = v.get(StrategicMergePatch.DIRECTIVE);
        return d != null && "delete".equals(d.asText());
    }

    /** sliceElementType: all elements must share one type, and lists of lists are refused. */
    static boolean elementsAreMaps(ArrayNode a, ArrayNode b) {
        JsonNodeType type = null;
        for (ArrayNode list : List.of(a, b)) {
            for (JsonNode v : list) {
                JsonNodeType t = v.getNodeType();
                if (type == null) {
                    if (t == JsonNodeType.ARRAY) {
                        throw new PatchException("lists of lists are not supported");
                    }
                    type = t;
                } else if (type != t) {
                    throw new PatchException("list element types are not identical: [" + Json.go(a) + " " + Json.go(b) + "]");
                }
            }
        }
        if (type == null) {
            throw new PatchException("no elements in any of the given slices");
        }
        return type == JsonNodeType.OBJECT;
    }
}
