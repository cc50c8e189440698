package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.kinds.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * kube's backward-compatible pod constraint: when a quota limits cpu or memory, every container of a
 * new pod must state that request or limit ("must specify limits.cpu for: c; requests.memory for: c").
 */
final class PodQuotaConstraints {
    private static final Set<String> VALIDATED = Set.of("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu",
            "limits.memory");

    private PodQuotaConstraints() {
    }

    /** The "must specify ..." complaint for a pod under a quota limiting {@code hard}, or null. */
    static String missing(Set<String> hard, JsonNode podSpec) {
        Set<String> required = new TreeSet<>(hard);
        required.retainAll(VALIDATED);
        if (required.isEmpty()) {
            return null;
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String field : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : podSpec.path(field)) {
                Map<String, BigDecimal> usage = new TreeMap<>();
                QuotaUsage.computeUsage(amounts(c.path("resources").path("requests")),
                        amounts(c.path("resources").path("limits")), usage);
                for (String name : required) {
                    if (!usage.containsKey(name)) {
                        missing.computeIfAbsent(name, k -> new TreeSet<>()).add(c.path("name").asText(""));
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        missing.forEach((name, containers) -> parts.add(name + " for: " + String.join(",", containers)));
        return "must specify " + String.join("; ", parts);
    }

    private static Map<String, BigDecimal> amounts(JsonNode resources) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BigDecimal v = Quantities.value(e.getValue().asText());
            if (v != null) {
                amounts.put(e.getKey(), v);
            }
        }
        return amounts;
    }
}
