package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * validateJobSpec's checks of spec.podFailurePolicy and of the per-index backoff fields, with
 * kube-apiserver's messages: a rule the job controller could not apply is refused at the door
 * rather than silently ignored.
 */
final class PodFailurePolicyValidation {
    private static final List<String> ACTIONS = List.of("Count", "FailIndex", "FailJob", "Ignore");
    private static final List<String> OPERATORS = List.of("In", "NotIn");
    private static final List<String> STATUSES = List.of("False", "True", "Unknown");

    private PodFailurePolicyValidation() {
    }

    static void validate(JsonNode spec, String path, List<FieldError> errs) {
        boolean indexed = Json.text(spec, "completionMode").equals("Indexed");
        boolean perIndex = Json.present(spec, "backoffLimitPerIndex");
        for (String field : List.of("backoffLimitPerIndex", "maxFailedIndexes")) {
            if (Json.present(spec, field)) {
                Workloads.nonNegative(spec, field, path + "." + field, errs);
                if (!indexed) {
                    errs.add(FieldError.invalid(path + "." + field, GoFmt.value(spec.get(field)), "requires indexed completion mode"));
                }
            }
        }
        if (Json.present(spec, "maxFailedIndexes") && !perIndex) {
            errs.add(FieldError.required(path + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
        }
        Set<String> containers = new HashSet<>();
        for (String list : List.of("initContainers", "containers")) {
            Json.items(spec, "template", "spec", list).forEach(c -> containers.add(Json.text(c, "name")));
        }
        List<JsonNode> rules = Json.items(spec, "podFailurePolicy", "rules");
        for (int i = 0; i < rules.size(); i++) {
            rule(rules.get(i), path + ".podFailurePolicy.rules[" + i + "]", perIndex, containers, errs);
        }
    }

    private static void rule(JsonNode rule, String path, boolean perIndex, Set<String> containers, List<FieldError> errs) {
        String action = Json.text(rule, "action");
        if (action.isEmpty()) {
            errs.add(FieldError.required(path + ".action", "valid values: " + quoted(ACTIONS)));
        } else if (action.equals("FailIndex")) {
            if (!perIndex) {
                errs.add(FieldError.invalid(path + ".action", GoFmt.quote(action), "requires the backoffLimitPerIndex to be set"));
            }
        } else if (!ACTIONS.contains(action)) {
            errs.add(FieldError.notSupported(path + ".action", GoFmt.quote(action), ACTIONS));
        }
        boolean exitCodes = rule.path("onExitCodes").isObject();
        boolean conditions = !Json.items(rule, "onPodConditions").isEmpty();
        if (exitCodes) {
            onExitCodes(rule.get("onExitCodes"), path + ".onExitCodes", containers, errs);
        }
        List<JsonNode> patterns = Json.items(rule, "onPodConditions");
        for (int j = 0; j < patterns.size(); j++) {
            String status = Json.text(patterns.get(j), "status");
            if (!STATUSES.contains(status)) {
                errs.add(FieldError.notSupported(path + ".onPodConditions[" + j + "].status", GoFmt.quote(status), STATUSES));
            }
        }
        if (exitCodes && conditions) {
            errs.add(FieldError.invalid(path, null, "specifying both OnExitCodes and OnPodConditions is not supported"));
        } else if (!exitCodes && !conditions) {
            errs.add(FieldError.invalid(path, null, "specifying one of OnExitCodes and OnPodConditions is required"));
        }
    }

    private static void onExitCodes(JsonNode requirement, String path, Set<String> containers, List<FieldError> errs) {
        String operator = Json.text(requirement, "operator");
        if (operator.isEmpty()) {
            errs.add(FieldError.required(path + ".operator", "valid values: " + quoted(OPERATORS)));
        } else if (!OPERATORS.contains(operator)) {
            errs.add(FieldError.notSupported(path + ".operator", GoFmt.quote(operator), OPERATORS));
        }
        String container = Json.text(requirement, "containerName");
        if (Json.present(requirement, "containerName") && !containers.contains(container)) {
            errs.add(FieldError.invalid(path + ".containerName", GoFmt.quote(container),
                    "must be one of the container or initContainer names in the pod template"));
        }
        List<JsonNode> values = Json.items(requirement, "values");
        List<String> shown = new ArrayList<>();
        values.forEach(v -> shown.add(v.asText()));
        String rendered = "[]int32{" + String.join(", ", shown) + "}";
        if (values.isEmpty()) {
            errs.add(FieldError.invalid(path + ".values", rendered, "at least one value is required"));
        }
        Set<Long> seen = new HashSet<>();
        boolean ordered = true;
        for (int j = 0; j < values.size(); j++) {
            long value = values.get(j).asLong();
            if (operator.equals("In") && value == 0) {
                errs.add(FieldError.invalid(path + ".values[" + j + "]", "0", "must not be 0 for the In operator"));
            }
            if (!seen.add(value)) {
                errs.add(new FieldError(FieldError.DUPLICATE, path + ".values[" + j + "]", value + "", null));
            }
            ordered &= j == 0 || values.get(j - 1).asLong() <= value;
        }
        if (!ordered) {
            errs.add(FieldError.invalid(path + ".values", rendered, "must be ordered"));
        }
    }

    /** Go's %q of a []string: ["a" "b"]. */
    private static String quoted(List<String> values) {
        return "[" + String.join(" ", values.stream().map(GoFmt::quote).toList()) + "]";
    }
}
