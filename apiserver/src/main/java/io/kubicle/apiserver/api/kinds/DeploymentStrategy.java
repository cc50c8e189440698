package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 Deployment: printDeployment, SetDefaults_Deployment, ValidateDeploymentSpec's main checks,
 * an immutable selector, scale.
 */
public final class DeploymentStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Ready", "Number of the pod with ready state"),
            Columns.str("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the"
                    + " desired template spec."),
            Columns.str("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by"
                    + " this deployment."),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will"
                    + " be the ones affected by this deployment."));

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        Json.defaultInt(spec, "replicas", 1);
        ObjectNode strategy = Json.obj(spec, "strategy");
        Json.defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Json.text(strategy, "type"))) {
            ObjectNode rolling = Json.obj(strategy, "rollingUpdate");
            Json.defaultText(rolling, "maxUnavailable", "25%");
            Json.defaultText(rolling, "maxSurge", "25%");
        }
        Json.defaultInt(spec, "revisionHistoryLimit", 10);
        Json.defaultInt(spec, "progressDeadlineSeconds", 600);
        Workloads.templateDefaults(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = object.path("spec");
        Workloads.nonNegative(spec, "replicas", "spec.replicas", errs);
        Workloads.validateSelectorAndTemplate(spec, true, "deployment", "ReplicaSet", errs);
        JsonNode strategy = spec.path("strategy");
        String type = Json.text(strategy, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required("spec.strategy.type", ""));
        } else if (!List.of("Recreate", "RollingUpdate").contains(type)) {
            errs.add(FieldError.notSupported("spec.strategy.type", GoFmt.quote(type), List.of("Recreate", "RollingUpdate")));
        } else if (type.equals("Recreate") && Json.present(strategy, "rollingUpdate")) {
            errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'"));
        } else if (type.equals("RollingUpdate")) {
            JsonNode rolling = strategy.path("rollingUpdate");
            if (isZero(rolling.path("maxUnavailable")) && isZero(rolling.path("maxSurge"))) {
                errs.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                        GoFmt.value(rolling.path("maxUnavailable")), "may not be 0 when `maxSurge` is 0"));
            }
        }
        Workloads.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
        Workloads.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        if (Json.present(spec, "progressDeadlineSeconds")
                && Json.num(spec, "progressDeadlineSeconds") <= Json.num(spec, "minReadySeconds")) {
            errs.add(FieldError.invalid("spec.progressDeadlineSeconds", Long.toString(Json.num(spec, "progressDeadlineSeconds")),
                    "must be greater than minReadySeconds"));
        }
        if (old != null) {
            UpdateRules.immutableSelector(errs, "spec.selector", spec, old.path("spec"));
        }
        return errs;
    }

    private static boolean isZero(JsonNode intOrPercent) {
        if (intOrPercent.isNumber()) {
            return intOrPercent.asLong() == 0;
        }
        return intOrPercent.isTextual() && (intOrPercent.asText().equals("0%") || intOrPercent.asText().equals("0"));
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode d, Instant now) {
        JsonNode spec = d.path("spec");
        JsonNode status = d.path("status");
        String[] containers = Workloads.containerCells(spec);
        String selector = LabelSelectors.asString(spec.path("selector"));
        return List.of(Printing.name(d), Json.num(status, "readyReplicas") + "/" + Json.num(spec, "replicas"),
                Json.num(status, "updatedReplicas"), Json.num(status, "availableReplicas"), Printing.age(d, now),
                containers[0], containers[1], selector == null ? "<invalid>" : selector);
    }

    @Override
    public ScalePaths scale() {
        return new ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector");
    }
}
