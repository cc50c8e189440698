package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ClusterRole aggregation as kube's clusterrole-aggregation controller computes it: a role with an
 * aggregationRule gets the rules of every other ClusterRole matching one of its selectors, in name
 * order, without duplicates.
 */
public final class Aggregation {
    private Aggregation() {
    }

    public static boolean isAggregated(JsonNode clusterRole) {
        return clusterRole.path("aggregationRule").path("clusterRoleSelectors").isArray();
    }

    /** The rules {@code role} should have given all ClusterRoles of the workspace. */
    public static List<PolicyRule> rulesFor(JsonNode role, List<? extends JsonNode> all) {
        List<JsonNode> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(r -> r.path("metadata").path("name").asText("")));
        String self = role.path("metadata").path("name").asText("");
        List<PolicyRule> rules = new ArrayList<>();
        Set<PolicyRule> seen = new HashSet<>();
        for (JsonNode selector : role.path("aggregationRule").path("clusterRoleSelectors")) {
            for (JsonNode other : sorted) {
                if (other.path("metadata").path("name").asText("").equals(self)
                        || !selects(selector, other.path("metadata").path("labels"))) {
                    continue;
                }
                for (PolicyRule rule : PolicyRule.listFrom(other.get("rules"))) {
                    if (seen.add(rule)) {
                        rules.add(rule);
                    }
                }
            }
        }
        return rules;
    }

    /** Sets the rules of every aggregated role in {@code roles} (in place) until nothing changes. */
    public static void fill(List<ObjectNode> roles) {
        for (int pass = 0; pass < 8; pass++) {
            boolean changed = false;
            for (ObjectNode role : roles) {
                if (role.path("kind").asText().equals("ClusterRole") && isAggregated(role)) {
                    List<PolicyRule> rules = rulesFor(role, roles.stream()
                            .filter(r -> r.path("kind").asText().equals("ClusterRole")).toList());
                    if (!rules.equals(PolicyRule.listFrom(role.get("rules")))) {
                        role.set("rules", PolicyRule.toJson(rules));
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return;
            }
        }
    }

    /** metav1.LabelSelector semantics: matchLabels and matchExpressions all hold; an empty selector selects all. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!labels.has(e.getKey()) || !labels.get(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText("");
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean has = labels.has(key);
            String value = has ? labels.get(key).asText() : null;
            boolean ok = switch (expression.path("operator").asText("")) {
                case "In" -> has && values.contains(value);
                case "NotIn" -> !has || !values.contains(value);
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
