package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One rbac.authorization.k8s.io/v1 PolicyRule; empty lists stand for absent fields. */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    public static PolicyRule resources(List<String> verbs, List<String> groups, List<String> resources) {
        return new PolicyRule(verbs, groups, resources, List.of(), List.of());
    }

    public static PolicyRule urls(List<String> verbs, List<String> urls) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    public static List<PolicyRule> listFrom(JsonNode rules) {
        List<PolicyRule> out = new ArrayList<>();
        if (rules != null && rules.isArray()) {
            rules.forEach(r -> out.add(from(r)));
        }
        return out;
    }

    public static PolicyRule from(JsonNode rule) {
        return new PolicyRule(strings(rule.get("verbs")), strings(rule.get("apiGroups")), strings(rule.get("resources")),
                strings(rule.get("resourceNames")), strings(rule.get("nonResourceURLs")));
    }

    /** The rule as JSON, with the fields kube-apiserver leaves out when empty left out. */
    public ObjectNode toJson() {
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        put(rule, "verbs", verbs, true);
        put(rule, "apiGroups", apiGroups, false);
        put(rule, "resources", resources, false);
        put(rule, "resourceNames", resourceNames, false);
        put(rule, "nonResourceURLs", nonResourceURLs, false);
        return rule;
    }

    public static ArrayNode toJson(List<PolicyRule> rules) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        rules.forEach(r -> array.add(r.toJson()));
        return array;
    }

    /** kube's rbacv1helpers.CompactString, used in escalation messages: {@code {APIGroups:[""], Verbs:["get"]}}. */
    public String compactString() {
        List<String> parts = new ArrayList<>();
        if (!apiGroups.isEmpty()) {
            parts.add("APIGroups:" + GoQuote.list(apiGroups));
        }
        if (!resources.isEmpty()) {
            parts.add("Resources:" + GoQuote.list(resources));
        }
        if (!nonResourceURLs.isEmpty()) {
            parts.add("NonResourceURLs:" + GoQuote.list(nonResourceURLs));
        }
        if (!resourceNames.isEmpty()) {
            parts.add("ResourceNames:" + GoQuote.list(resourceNames));
        }
        if (!verbs.isEmpty()) {
            parts.add("Verbs:" + GoQuote.list(verbs));
        }
        return parts.stream().collect(Collectors.joining(", ", "{", "}"));
    }

    private static void put(ObjectNode rule, String field, List<String> values, boolean always) {
        if (always || !values.isEmpty()) {
            ArrayNode array = rule.putArray(field);
            values.forEach(array::add);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
