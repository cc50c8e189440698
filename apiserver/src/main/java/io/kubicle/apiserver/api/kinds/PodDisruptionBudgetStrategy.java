package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** policy/v1 PodDisruptionBudget: printPodDisruptionBudget and the minAvailable/maxUnavailable exclusivity. */
public final class PodDisruptionBudgetStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Min Available", "The minimum number of pods that must be available."),
            Columns.str("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Columns.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Columns.AGE);

    @Override
    public List<FieldError> validate(ObjectNode pdb, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = pdb.path("spec");
        if (Json.present(spec, "minAvailable") && Json.present(spec, "maxUnavailable")) {
            errs.add(FieldError.invalid("spec", "policy.PodDisruptionBudgetSpec{...}",
                    "minAvailable and maxUnavailable cannot be both set"));
        }
        for (String field : List.of("minAvailable", "maxUnavailable")) {
            if (Json.present(spec, field)) {
                validateBudget(spec.get(field), "spec." + field, errs);
            }
        }
        if (spec.path("selector").isObject()) {
            Workloads.validateLabelSelector(spec.path("selector"), "spec.selector", errs);
        }
        JsonNode policy = spec.path("unhealthyPodEvictionPolicy");
        if (!policy.isMissingNode() && !policy.isNull() && !EVICTION_POLICIES.contains(policy.asText())) {
            errs.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", GoFmt.quote(policy.asText()), EVICTION_POLICIES));
        }
        return errs;
    }

    private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");
    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("^[0-9]+%$");

    /** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent, with kube's messages. */
    private static void validateBudget(JsonNode value, String field, List<FieldError> errs) {
        if (value.isTextual()) {
            String text = value.asText();
            if (!PERCENT.matcher(text).matches()) {
                errs.add(FieldError.invalid(field, GoFmt.quote(text), "must be an integer or percentage (e.g '5%')"));
            } else if (Long.parseLong(text.substring(0, Math.min(text.length() - 1, 10))) > 100) {
                errs.add(FieldError.invalid(field, GoFmt.quote(text), "must not be greater than 100%"));
            }
        } else if (value.isNumber() && value.asLong() < 0) {
            errs.add(FieldError.invalid(field, value.asText(), "must be greater than or equal to 0"));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pdb, Instant now) {
        JsonNode spec = pdb.path("spec");
        String min = Json.present(spec, "minAvailable") ? Printing.intOrString(spec.get("minAvailable")) : "N/A";
        String max = Json.present(spec, "maxUnavailable") ? Printing.intOrString(spec.get("maxUnavailable")) : "N/A";
        return List.of(Printing.name(pdb), min, max, Json.num(pdb, "status", "disruptionsAllowed"), Printing.age(pdb, now));
    }
}
