package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small Jackson helpers shared by the patch implementations: JSON (not Java) equality and Go-style text. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Structural equality as JSON defines it: numbers compare by value (1 == 1.0), object key order is ignored. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return number(a).compareTo(number(b)) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
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
        return a.equals(b);
    }

    private static BigDecimal number(JsonNode n) {
        return n.isBigDecimal() ? n.decimalValue() : n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue())
                : BigDecimal.valueOf(n.doubleValue());
    }

    /** Compact JSON as Go's encoding/json writes it: integral numbers without ".0", object keys sorted. */
    static String canonical(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        if (n.isNumber()) {
            BigDecimal d = number(n).stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            sortedFields(n).forEach((k, v) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(string(k)).append(':').append(canonical(v));
            });
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(canonical(e)));
            return "[" + String.join(",", parts) + "]";
        }
        if (n.isTextual()) {
            return string(n.textValue());
        }
        return n.toString();
    }

    static String string(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text written by {@link #canonical}. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PatchException("invalid JSON " + text + ": " + e.getOriginalMessage());
        }
    }

    /** Go's %v of a decoded JSON value: {@code map[image:nginx name:web]}, {@code [a b]}, {@code 80}. */
    static String go(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "<nil>";
        }
        if (n.isObject()) {
            List<String> parts = new ArrayList<>();
            sortedFields(n).forEach((k, v) -> parts.add(k + ":" + go(v)));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(go(e)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return canonical(n);
        }
        return n.asText();
    }

    /** The Go type name encoding/json decodes this node into, for kube's "expected a X, but received a Y". */
    static String goType(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "<nil>";
        }
        if (n.isObject()) {
            return "map[string]interface {}";
        }
        if (n.isArray()) {
            return "[]interface {}";
        }
        if (n.isNumber()) {
            return "float64";
        }
        return n.isBoolean() ? "bool" : "string";
    }

    private static Map<String, JsonNode> sortedFields(JsonNode n) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }
}
