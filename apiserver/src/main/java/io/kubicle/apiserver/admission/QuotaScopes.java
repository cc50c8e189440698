package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * ResourceQuota scopes (spec.scopes and spec.scopeSelector): a scoped quota tracks only the pods
 * its scopes select, as kube's pod evaluator matches them.
 */
final class QuotaScopes {
    private record Requirement(String scope, String operator, List<String> values) {
    }

    private QuotaScopes() {
    }

    static boolean scoped(JsonNode quotaSpec) {
        return quotaSpec.path("scopes").size() > 0 || quotaSpec.path("scopeSelector").path("matchExpressions").size() > 0;
    }

    /** Whether the quota tracks this object at all. */
    static boolean matches(JsonNode quotaSpec, String group, String resource, JsonNode object) {
        if (!scoped(quotaSpec)) {
            return true;
        }
        if (!(group == null || group.isEmpty()) || !resource.equals("pods")) {
            return false;
        }
        for (Requirement r : requirements(quotaSpec)) {
            if (!matches(r, object.path("spec"))) {
                return false;
            }
        }
        return true;
    }

    private static List<Requirement> requirements(JsonNode spec) {
        List<Requirement> all = new ArrayList<>();
        for (JsonNode s : spec.path("scopes")) {
            all.add(new Requirement(s.asText(), "Exists", List.of()));
        }
        for (JsonNode e : spec.path("scopeSelector").path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            all.add(new Requirement(e.path("scopeName").asText(), e.path("operator").asText(), values));
        }
        return all;
    }

    private static boolean matches(Requirement r, JsonNode podSpec) {
        JsonNode deadline = podSpec.get("activeDeadlineSeconds");
        boolean terminating = deadline != null && deadline.isNumber() && deadline.asLong() >= 0;
        return switch (r.scope()) {
            case "Terminating" -> terminating;
            case "NotTerminating" -> !terminating;
            case "BestEffort" -> QuotaUsage.bestEffort(podSpec);
            case "NotBestEffort" -> !QuotaUsage.bestEffort(podSpec);
            case "PriorityClass" -> priorityClass(r, podSpec.path("priorityClassName").asText(""));
            default -> false;
        };
    }

    private static boolean priorityClass(Requirement r, String priorityClass) {
        return switch (r.operator()) {
            case "In" -> r.values().contains(priorityClass);
            case "NotIn" -> !r.values().contains(priorityClass);
            case "Exists" -> !priorityClass.isEmpty();
            case "DoesNotExist" -> priorityClass.isEmpty();
            default -> false;
        };
    }
}
