package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders values the way Go's fmt does in field.Error messages (%q for strings, %#v for maps and
 * slices), so a FieldError's badValue reads exactly as kube-apiserver's.
 */
public final class GoFmt {
    private GoFmt() {
    }

    /** Go's %q: a double-quoted string with Go escapes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else if (!Character.isDefined(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.UNASSIGNED) {
                        sb.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /** Go's %#v of a map[string]string: keys sorted, nil when {@code map} is null. */
    public static String stringMap(Map<String, String> map) {
        if (map == null) {
            return "map[string]string(nil)";
        }
        StringBuilder sb = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    /** The map at a JSON node: nil for missing/null, {} for an empty object. */
    public static String stringMap(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return stringMap((Map<String, String>) null);
        }
        return stringMap(Json.stringMap(node));
    }

    /** Go's %#v of a []string. */
    public static String stringSlice(List<String> values) {
        if (values == null) {
            return "[]string(nil)";
        }
        StringBuilder sb = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return sb.append('}').toString();
    }

    /** A scalar JSON value as field.Invalid shows it: strings quoted, numbers and booleans bare. */
    public static String value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "\"\"";
        }
        if (node.isTextual()) {
            return quote(node.asText());
        }
        return node.asText();
    }
}
