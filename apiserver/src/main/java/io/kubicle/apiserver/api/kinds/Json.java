package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small null-safe readers and writers over Jackson trees, shared by the strategies. */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** The node at the path, or a MissingNode; never null. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (String p : path) {
            current = current.path(p);
        }
        return current;
    }

    /** Text at the path, "" when missing, null or not textual. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText() : "";
    }

    static boolean present(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return !n.isMissingNode() && !n.isNull();
    }

    /** Integer at the path, 0 when missing. */
    static long num(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asLong() : n.isTextual() ? parseLong(n.asText()) : 0L;
    }

    static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    /** Elements of an array node (empty for anything else). */
    static List<JsonNode> items(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** Object entries of a map-like node as a sorted map of texts (empty for anything else). */
    static Map<String, String> stringMap(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        Map<String, String> out = new TreeMap<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    /** The object field, created (or replaced when not an object) if needed. */
    static ObjectNode obj(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode) {
            return (ObjectNode) n;
        }
        return parent.putObject(field);
    }

    /** The object at the path if every step is an object, else null; creates nothing. */
    static ObjectNode objAt(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n instanceof ObjectNode ? (ObjectNode) n : null;
    }

    static ArrayNode arr(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ArrayNode) {
            return (ArrayNode) n;
        }
        return parent.putArray(field);
    }

    static boolean absent(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull();
    }

    /** Absent, null or "". */
    static boolean blank(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty());
    }

    static void defaultText(ObjectNode parent, String field, String value) {
        if (blank(parent, field)) {
            parent.put(field, value);
        }
    }

    static void defaultInt(ObjectNode parent, String field, long value) {
        if (absent(parent, field)) {
            if (value == (int) value) {
                parent.put(field, (int) value);
            } else {
                parent.put(field, value);
            }
        }
    }

    static void defaultBool(ObjectNode parent, String field, boolean value) {
        if (absent(parent, field)) {
            parent.put(field, value);
        }
    }

    /** The ObjectNode elements of an array field. */
    static List<ObjectNode> objects(JsonNode node, String... path) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode n : items(node, path)) {
            if (n instanceof ObjectNode) {
                out.add((ObjectNode) n);
            }
        }
        return out;
    }
}
