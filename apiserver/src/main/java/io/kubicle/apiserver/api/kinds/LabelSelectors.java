package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * metav1.LabelSelector helpers: kube's string form (LabelSelectorAsSelector(...).String(), e.g.
 * "app=web,tier in (a,b)", also the Scale status.selector) and matching against labels.
 */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    private record Requirement(String key, String op, List<String> values) {
        String render() {
            StringBuilder sb = new StringBuilder();
            if (op.equals("DoesNotExist")) {
                return sb.append('!').append(key).toString();
            }
            sb.append(key);
            switch (op) {
                case "Exists" -> {
                    return sb.toString();
                }
                case "In" -> sb.append(" in (");
                case "NotIn" -> sb.append(" notin (");
                default -> sb.append('=');
            }
            sb.append(String.join(",", new TreeSet<>(values)));
            if (op.equals("In") || op.equals("NotIn")) {
                sb.append(')');
            }
            return sb.toString();
        }

        boolean matches(Map<String, String> labels) {
            boolean has = labels.containsKey(key);
            return switch (op) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> has && values.get(0).equals(labels.get(key));
            };
        }
    }

    /** The requirements, sorted by key; null when the selector does not convert (kube's error case). */
    private static List<Requirement> requirements(JsonNode selector) {
        List<Requirement> out = new ArrayList<>();
        Json.stringMap(selector, "matchLabels").forEach((k, v) -> out.add(new Requirement(k, "Equals", List.of(v))));
        for (JsonNode expr : Json.items(selector, "matchExpressions")) {
            String op = Json.text(expr, "operator");
            List<String> values = new ArrayList<>();
            Json.items(expr, "values").forEach(v -> values.add(v.asText()));
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        return null;
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            out.add(new Requirement(Json.text(expr, "key"), op, values));
        }
        out.sort(Comparator.comparing(Requirement::key));
        return out;
    }

    /** selector.String(): "" for an empty or missing selector, null when it does not convert. */
    public static String asString(JsonNode selector) {
        List<Requirement> reqs = requirements(selector);
        if (reqs == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        reqs.forEach(r -> parts.add(r.render()));
        return String.join(",", parts);
    }

    /** metav1.FormatLabelSelector: "<none>" when empty, "<error>" when it does not convert. */
    public static String format(JsonNode selector) {
        String s = asString(selector);
        if (s == null) {
            return "<error>";
        }
        return s.isEmpty() ? "<none>" : s;
    }

    /** Whether a (converting) selector matches the labels; an empty selector matches everything. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        List<Requirement> reqs = requirements(selector);
        if (reqs == null) {
            return false;
        }
        return reqs.stream().allMatch(r -> r.matches(labels));
    }

    /** Whether the selector has no matchLabels and no matchExpressions. */
    public static boolean isEmpty(JsonNode selector) {
        return Json.stringMap(selector, "matchLabels").isEmpty() && Json.items(selector, "matchExpressions").isEmpty();
    }

    /** labels.FormatLabels: "k=v,k2=v2" sorted, "<none>" when empty. */
    public static String formatLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }
}
