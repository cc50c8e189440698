package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.kinds.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hard limits, the check of a request against them, and kube's words for a refusal. */
public final class QuotaLimits {
    /** One limit a request would break. */
    public record Exceeded(String resource, BigDecimal requested, BigDecimal used, BigDecimal hard) {
    }

    private QuotaLimits() {
    }

    /** A {@code hard:} map of quantities by resource name, in name order; unparsable values are left out. */
    public static Map<String, BigDecimal> parse(JsonNode hard) {
        Map<String, BigDecimal> limits = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hard.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BigDecimal v = Quantities.value(e.getValue().asText());
            if (v != null) {
                limits.put(e.getKey(), v);
            }
        }
        return limits;
    }

    /** Names of {@code hard} that the request increases: the only ones kube checks. */
    public static List<String> touched(Map<String, BigDecimal> hard, Map<String, BigDecimal> delta) {
        List<String> names = new ArrayList<>();
        for (String name : hard.keySet()) {
            if (delta.getOrDefault(name, BigDecimal.ZERO).signum() > 0) {
                names.add(name);
            }
        }
        return names;
    }

    public static List<Exceeded> exceeded(Map<String, BigDecimal> hard, Map<String, BigDecimal> used,
                                          Map<String, BigDecimal> delta) {
        List<Exceeded> broken = new ArrayList<>();
        for (String name : touched(hard, delta)) {
            BigDecimal current = used.getOrDefault(name, BigDecimal.ZERO);
            BigDecimal requested = delta.get(name);
            if (current.add(requested).compareTo(hard.get(name)) > 0) {
                broken.add(new Exceeded(name, requested, current, hard.get(name)));
            }
        }
        return broken;
    }

    /** "exceeded quota: q, requested: a=1,b=2, used: a=3,b=0, limited: a=4,b=2", as kube's quota admission says it. */
    public static String resourceQuotaMessage(String quota, List<Exceeded> broken) {
        return "exceeded quota: " + quota + ", requested: " + pretty(broken, Exceeded::requested) + ", used: "
                + pretty(broken, Exceeded::used) + ", limited: " + pretty(broken, Exceeded::hard);
    }

    /** "workspace \"w\" quota exceeded: requested pods=1, used 5, limited 5", one clause per broken limit. */
    public static String workspaceMessage(String workspace, List<Exceeded> broken) {
        List<String> clauses = new ArrayList<>();
        for (Exceeded e : broken) {
            String n = e.resource();
            clauses.add("requested " + n + "=" + QuotaUsage.format(n, e.requested()) + ", used "
                    + QuotaUsage.format(n, e.used()) + ", limited " + QuotaUsage.format(n, e.hard()));
        }
        return "workspace \"" + workspace + "\" quota exceeded: " + String.join("; ", clauses);
    }

    private static String pretty(List<Exceeded> broken, java.util.function.Function<Exceeded, BigDecimal> value) {
        List<String> parts = new ArrayList<>();
        for (Exceeded e : broken) {
            parts.add(e.resource() + "=" + QuotaUsage.format(e.resource(), value.apply(e)));
        }
        return String.join(",", parts);
    }
}
