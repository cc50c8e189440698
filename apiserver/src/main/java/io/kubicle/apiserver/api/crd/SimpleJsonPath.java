package io.kubicle.apiserver.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "simple JSONPath" CRDs allow in additionalPrinterColumns and selectableFields: dotted fields, ['quoted']
 * fields, [n] indexes, [*] and [?(@.field=="value")] filters. Yields the first match, as kube prints only that.
 */
public final class SimpleJsonPath {
    private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");
    private final List<String> segments;

    private SimpleJsonPath(List<String> segments) {
        this.segments = segments;
    }

    public static SimpleJsonPath parse(String path) {
        String p = path.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                if (end > i + 1) {
                    segments.add(p.substring(i + 1, end));
                }
                i = end;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated [ in " + path);
                }
                String inner = p.substring(i + 1, end);
                if (inner.startsWith("?")) {
                    int close = p.indexOf(")]", i);
                    end = close < 0 ? end : close + 1;
                    inner = p.substring(i + 1, end);
                }
                if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
                    segments.add(inner.substring(1, inner.length() - 1));
                } else {
                    segments.add("[" + inner + "]");
                }
                i = end + 1;
            } else {
                int end = i;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                segments.add(p.substring(i, end));
                i = end;
            }
        }
        return new SimpleJsonPath(segments);
    }

    /** The first value the path reaches, or null. */
    public JsonNode first(JsonNode root) {
        return walk(root, 0);
    }

    private JsonNode walk(JsonNode node, int index) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (index == segments.size()) {
            return node;
        }
        String seg = segments.get(index);
        if (seg.startsWith("[") && seg.endsWith("]")) {
            String inner = seg.substring(1, seg.length() - 1);
            if (!node.isArray()) {
                return null;
            }
            if (inner.equals("*")) {
                for (JsonNode item : node) {
                    JsonNode found = walk(item, index + 1);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            Matcher filter = FILTER.matcher(inner);
            if (filter.matches()) {
                for (JsonNode item : node) {
                    JsonNode v = parse("." + filter.group(1)).first(item);
                    if (v != null && v.isValueNode() && v.asText().equals(filter.group(2))) {
                        JsonNode found = walk(item, index + 1);
                        if (found != null) {
                            return found;
                        }
                    }
                }
                return null;
            }
            try {
                int n = Integer.parseInt(inner.strip());
                return walk(node.get(n < 0 ? node.size() + n : n), index + 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return node.isObject() ? walk(node.get(seg), index + 1) : null;
    }
}
