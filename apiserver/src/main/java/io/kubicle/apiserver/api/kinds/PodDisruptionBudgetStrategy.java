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
        if (spec.path("selector").isObject()) {
            Workloads.validateLabelSelector(spec.path("selector"), "spec.selector", errs);
        }
        return errs;
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
