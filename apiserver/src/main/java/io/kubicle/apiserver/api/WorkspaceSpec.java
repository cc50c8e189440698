package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Durations;
import io.kubicle.apiserver.api.kinds.Quantities;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Workspace's spec the server acts on, checked as kube-apiserver checks a spec: every
 * problem named with its field path. Unknown fields are kept (later releases add more).
 *
 * @param ttl how long the workspace lives after creation, or null
 * @param expiresAt an absolute expiry, or null (wins over ttl)
 * @param blueprint the workspace whose contents a new one starts with, or null
 * @param podSecurity privileged, baseline or restricted
 */
public record WorkspaceSpec(Duration ttl, Instant expiresAt, String blueprint, String podSecurity) {
    public static final List<String> POD_SECURITY_LEVELS = List.of("privileged", "baseline", "restricted");
    public static final String DEFAULT_POD_SECURITY = "baseline";

    /** Reads and checks {@code spec}; a missing spec is the default spec. */
    public static WorkspaceSpec parse(JsonNode spec, List<FieldError> errors) {
        Duration ttl = null;
        Instant expiresAt = null;
        String ttlText = text(spec, "ttl");
        if (ttlText != null) {
            try {
                ttl = Durations.parse(ttlText);
                if (ttl.isZero()) {
                    errors.add(FieldError.invalid("spec.ttl", quote(ttlText), "must be greater than zero"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.invalid("spec.ttl", quote(ttlText), "must be a duration such as 30m, 2h or 7d"));
            }
        }
        String expiresText = text(spec, "expiresAt");
        if (expiresText != null) {
            try {
                expiresAt = Instant.parse(expiresText);
            } catch (DateTimeParseException e) {
                errors.add(FieldError.invalid("spec.expiresAt", quote(expiresText),
                        "must be an RFC 3339 time such as 2026-12-01T10:00:00Z"));
            }
        }
        String blueprint = text(spec, "blueprint");
        if (blueprint != null && (blueprint.isEmpty() || blueprint.equals(WorkspaceResource.ROOT))) {
            errors.add(FieldError.invalid("spec.blueprint", quote(blueprint), "must name a tenant workspace"));
        }
        String podSecurity = text(spec, "podSecurity");
        if (podSecurity == null) {
            podSecurity = DEFAULT_POD_SECURITY;
        } else if (!POD_SECURITY_LEVELS.contains(podSecurity)) {
            errors.add(FieldError.notSupported("spec.podSecurity", quote(podSecurity), POD_SECURITY_LEVELS));
        }
        checkQuota(spec.path("quota"), errors);
        JsonNode budget = spec.path("gpuHourBudget");
        if (!budget.isMissingNode() && !budget.isNull() && (!budget.isNumber() || budget.decimalValue().signum() < 0)) {
            errors.add(FieldError.invalid("spec.gpuHourBudget", budget.toString(), "must be a non-negative number of GPU-hours"));
        }
        return new WorkspaceSpec(ttl, expiresAt, blueprint, podSecurity);
    }

    /** When the workspace expires, given when it was created; null when it lives until deleted. */
    public Instant expiry(Instant created) {
        if (expiresAt != null) {
            return expiresAt;
        }
        return ttl == null ? null : created.plus(ttl);
    }

    private static void checkQuota(JsonNode quota, List<FieldError> errors) {
        if (quota.isMissingNode() || quota.isNull()) {
            return;
        }
        if (!quota.isObject()) {
            errors.add(FieldError.invalid("spec.quota", null, "must be an object"));
            return;
        }
        JsonNode objects = quota.path("objects");
        if (!objects.isMissingNode() && !(objects.canConvertToLong() && objects.asLong() >= 0)) {
            errors.add(FieldError.invalid("spec.quota.objects", objects.toString(), "must be a non-negative integer"));
        }
        JsonNode hard = quota.path("hard");
        if (hard.isObject()) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) hard::fields) {
                String value = e.getValue().asText();
                if (Quantities.value(value) == null) {
                    errors.add(FieldError.invalid("spec.quota.hard[" + e.getKey() + "]", quote(value),
                            "must be a quantity such as 4, 500m or 32Gi"));
                }
            }
        } else if (!hard.isMissingNode()) {
            errors.add(FieldError.invalid("spec.quota.hard", null, "must be a map of resource names to quantities"));
        }
    }

    private static String text(JsonNode spec, String field) {
        JsonNode value = spec.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
