package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** scheduling.k8s.io/v1 PriorityClass: printPriorityClass, preemptionPolicy default, ValidatePriorityClass. */
public final class PriorityClassStrategy implements KindStrategy {
    public static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
    private static final Map<String, Long> SYSTEM_CLASSES =
            Map.of("system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Value", "value represents the integer value of this priority class. This is the actual"
                    + " priority that pods receive when they have the name of this class in their pod spec."),
            Columns.bool("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as"
                    + " the default priority for pods that do not have any priority class. Only one PriorityClass can be"
                    + " marked as `globalDefault`. However, if more than one PriorityClasses exists with their"
                    + " `globalDefault` field set to true, the smallest value of such global default PriorityClasses will"
                    + " be used as the default priority."),
            Columns.AGE,
            Columns.str("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. One"
                    + " of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."));

    @Override
    public void applyDefaults(ObjectNode pc) {
        Json.defaultText(pc, "preemptionPolicy", "PreemptLowerPriority");
    }

    @Override
    public List<FieldError> validate(ObjectNode pc, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String name = Json.text(pc, "metadata", "name");
        long value = Json.num(pc, "value");
        if (name.startsWith("system-")) {
            String err = null;
            Long known = SYSTEM_CLASSES.get(name);
            if (known == null) {
                err = name + " is not a known system priority class";
            } else if (known != value) {
                err = "value of " + name + " PriorityClass must be " + known;
            } else if (Json.bool(pc, "globalDefault")) {
                err = "globalDefault of " + name + " PriorityClass must be false";
            }
            if (err != null) {
                errs.add(FieldError.forbidden("metadata.name",
                        "priority class names with 'system-' prefix are reserved for system use only. error: " + err));
            }
        } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
            errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is "
                    + HIGHEST_USER_DEFINABLE_PRIORITY));
        }
        String policy = Json.text(pc, "preemptionPolicy");
        if (!policy.isEmpty() && !List.of("Never", "PreemptLowerPriority").contains(policy)) {
            errs.add(FieldError.notSupported("preemptionPolicy", GoFmt.quote(policy), List.of("Never", "PreemptLowerPriority")));
        }
        if (old != null) {
            // ValidatePriorityClassUpdate
            if (value != Json.num(old, "value")) {
                errs.add(FieldError.forbidden("value", "may not be changed in an update."));
            }
            UpdateRules.immutable(errs, "preemptionPolicy", pc.path("preemptionPolicy"), old.path("preemptionPolicy"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pc, Instant now) {
        return List.of(Printing.name(pc), Json.num(pc, "value"), Json.bool(pc, "globalDefault"), Printing.age(pc, now),
                Json.text(pc, "preemptionPolicy"));
    }
}
