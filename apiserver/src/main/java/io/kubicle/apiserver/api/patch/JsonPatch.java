package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}). Pointers follow RFC 6901 ({@code ~1} is
 * "/", {@code ~0} is "~", {@code -} appends to an array). Error texts are those of
 * gopkg.in/evanphx/json-patch.v4, which kube-apiserver uses, so kubectl users see familiar messages;
 * like it, negative array indices count from the end. Unlike it (and as the RFC requires) a
 * {@code test} compares whole values, {@code replace}/{@code copy} of a missing member fail, and the
 * empty pointer addresses the whole document.
 */
public final class JsonPatch {
    private static final String MISSING = ": missing value";
    private static final String INVALID_INDEX = ": invalid index referenced";

    private JsonPatch() {
    }

    /**
     * Applies {@code patch} (an array of operations) to a copy of {@code target}; the target is never
     * modified, and nothing is applied when an operation fails.
     *
     * @throws PatchException when the patch is malformed or an operation does not apply
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw new PatchException("json: cannot unmarshal " + goKind(patch) + " into Go value of type jsonpatch.Patch");
        }
        JsonNode doc = target == null ? Json.NODES.nullNode() : target.deepCopy();
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw new PatchException("json: cannot unmarshal " + goKind(op) + " into Go value of type jsonpatch.Operation");
            }
            String kind = op.path("op").isTextual() ? op.get("op").textValue() : "unknown";
            doc = switch (kind) {
                case "add" -> add(doc, path(op, "add", true), value(op), "error in add for path: '%s'");
                case "remove" -> remove(doc, path(op, "remove", true));
                case "replace" -> replace(doc, path(op, "replace", false), value(op));
                case "move" -> move(doc, op);
                case "copy" -> copy(doc, op);
                case "test" -> test(doc, path(op, "test", false), value(op));
                default -> throw new PatchException("Unexpected kind: " + kind);
            };
        }
        return doc;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value, String wrap) {
        if (path.isEmpty()) {
            return value;
        }
        Target t = find(doc, path);
        if (t == null) {
            throw new PatchException("add operation does not apply: doc is missing path: \"" + path + "\"" + MISSING);
        }
        insert(t, value, String.format(wrap, path));
        return doc;
    }

    private static void insert(Target t, JsonNode value, String context) {
        if (t.parent instanceof ObjectNode o) {
            o.set(t.key, value);
            return;
        }
        ArrayNode a = (ArrayNode) t.parent;
        if ("-".equals(t.key)) {
            a.add(value);
            return;
        }
        int idx = index(t.key, context + ": value was not a proper array index: '" + t.key + "'");
        int size = a.size() + 1;
        if (idx >= size || idx < -size) {
            throw new PatchException(context + ": Unable to access invalid index: " + idx + INVALID_INDEX);
        }
        a.insert(idx < 0 ? idx + size : idx, value);
    }

    private static JsonNode remove(JsonNode doc, String path) {
        Target t = path.isEmpty() ? null : find(doc, path);
        if (t == null) {
            throw new PatchException("remove operation does not apply: doc is missing path: \"" + path + "\"" + MISSING);
        }
        delete(t, "error in remove for path: '" + path + "'");
        return doc;
    }

    /** Removes the member and returns it. */
    private static JsonNode delete(Target t, String context) {
        if (t.parent instanceof ObjectNode o) {
            if (!o.has(t.key)) {
                throw new PatchException(context + ": Unable to remove nonexistent key: " + t.key + MISSING);
            }
            return o.remove(t.key);
        }
        ArrayNode a = (ArrayNode) t.parent;
        int idx = index(t.key, context);
        if (idx >= a.size() || idx < -a.size()) {
            throw new PatchException(context + ": Unable to access invalid index: " + idx + INVALID_INDEX);
        }
        return a.remove(idx < 0 ? idx + a.size() : idx);
    }

    private static JsonNode replace(JsonNode doc, String path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        Target t = find(doc, path);
        if (t == null) {
            throw new PatchException("replace operation does not apply: doc is missing path: " + path + MISSING);
        }
        if (get(t) == null) {
            throw new PatchException("replace operation does not apply: doc is missing key: " + path + MISSING);
        }
        if (t.parent instanceof ObjectNode o) {
            o.set(t.key, value);
        } else {
            ((ArrayNode) t.parent).set(Integer.parseInt(t.key), value);
        }
        return doc;
    }

    private static JsonNode move(JsonNode doc, JsonNode op) {
        String from = from(op, "move");
        Target source = from.isEmpty() ? null : find(doc, from);
        if (source == null) {
            throw new PatchException("move operation does not apply: doc is missing from path: " + from + MISSING);
        }
        JsonNode value = delete(source, "error in move for path: '" + source.key + "'");
        String path = path(op, "move", false);
        if (path.isEmpty()) {
            return value;
        }
        Target dest = find(doc, path);
        if (dest == null) {
            throw new PatchException("move operation does not apply: doc is missing destination path: " + path + MISSING);
        }
        insert(dest, value, "error in move for path: '" + path + "'");
        return doc;
    }

    private static JsonNode copy(JsonNode doc, JsonNode op) {
        String from = from(op, "copy");
        JsonNode value;
        if (from.isEmpty()) {
            value = doc.deepCopy();
        } else {
            Target source = find(doc, from);
            value = source == null ? null : get(source);
            if (value == null) {
                throw new PatchException("copy operation does not apply: doc is missing from path: " + from + MISSING);
            }
            value = value.deepCopy();
        }
        String path = path(op, "copy", true);
        if (path.isEmpty()) {
            return value;
        }
        Target dest = find(doc, path);
        if (dest == null) {
            throw new PatchException("copy operation does not apply: doc is missing destination path: " + path + MISSING);
        }
        insert(dest, value, "error while adding value during copy");
        return doc;
    }

    private static JsonNode test(JsonNode doc, String path, JsonNode value) {
        JsonNode actual;
        if (path.isEmpty()) {
            actual = doc;
        } else {
            Target t = find(doc, path);
            if (t == null) {
                throw new PatchException("test operation does not apply: is missing path: " + path + MISSING);
            }
            actual = get(t);
        }
        if (actual == null || !Json.same(actual, value)) {
            throw new PatchException("testing value " + path + " failed: test failed");
        }
        return doc;
    }

    /** The container holding the last token of {@code pointer}, or null when it does not exist. */
    private static Target find(JsonNode doc, String pointer) {
        if (!pointer.startsWith("/")) {
            return null;
        }
        List<String> tokens = tokens(pointer);
        JsonNode node = doc;
        for (int i = 0; i < tokens.size() - 1; i++) {
            node = child(node, tokens.get(i));
            if (node == null) {
                return null;
            }
        }
        if (!node.isContainerNode()) {
            return null;
        }
        return new Target(node, tokens.get(tokens.size() - 1));
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray() && token.matches("\\d{1,9}")) {
            int idx = Integer.parseInt(token);
            return idx < node.size() ? node.get(idx) : null;
        }
        return null;
    }

    private static JsonNode get(Target t) {
        if (t.parent.isObject()) {
            return t.parent.get(t.key);
        }
        return t.key.matches("\\d{1,9}") ? t.parent.get(Integer.parseInt(t.key)) : null;
    }

    static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static int index(String key, String context) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new PatchException(context + ": strconv.Atoi: parsing \"" + key + "\": invalid syntax");
        }
    }

    private static String path(JsonNode op, String kind, boolean plainMissing) {
        JsonNode p = op.get("path");
        if (p == null || p.isNull()) {
            throw new PatchException(kind + " operation failed to decode path: "
                    + (plainMissing ? "" : "operation missing path field: ") + "missing value");
        }
        if (!p.isTextual()) {
            throw new PatchException("json: cannot unmarshal " + goKind(p) + " into Go value of type string");
        }
        return p.textValue();
    }

    private static String from(JsonNode op, String kind) {
        JsonNode f = op.get("from");
        if (f == null || f.isNull()) {
            throw new PatchException(kind + " operation failed to decode from: operation, missing from field: missing value");
        }
        if (!f.isTextual()) {
            throw new PatchException("json: cannot unmarshal " + goKind(f) + " into Go value of type string");
        }
        return f.textValue();
    }

    private static JsonNode value(JsonNode op) {
        JsonNode v = op.get("value");
        return v == null ? Json.NODES.nullNode() : v.deepCopy();
    }

    private static String goKind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        return n.isObject() ? "object" : n.isArray() ? "array" : n.isNumber() ? "number" : n.isBoolean() ? "bool" : "string";
    }

    private record Target(JsonNode parent, String key) {
    }
}
