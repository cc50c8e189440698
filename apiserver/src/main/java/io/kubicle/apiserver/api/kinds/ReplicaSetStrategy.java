package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ReplicaSet: printReplicaSet, replicas default 1, ValidateReplicaSetSpec, an immutable selector, status.replicas selector, scale. */
public final class ReplicaSetStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish"
                    + " between explicit zero and unspecified. Defaults to 1. More info:"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"),
            Columns.integer("Current", "Replicas is the most recently observed number of replicas. More info:"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"),
            Columns.integer("Ready", "The number of ready replicas for this replica set."),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "Selector is a label query over pods that should match the replica count. If the"
                    + " selector is empty, it is defaulted to the labels present on the pod template. Label keys and"
                    + " values that must match in order to be controlled by this replica set. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        Json.defaultInt(spec, "replicas", 1);
        Workloads.templateDefaults(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = object.path("spec");
        Workloads.nonNegative(spec, "replicas", "spec.replicas", errs);
        Workloads.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Workloads.validateSelectorAndTemplate(spec, true, "deployment", "ReplicaSet", errs);
        if (old != null) {
            UpdateRules.immutableSelector(errs, "spec.selector", spec, old.path("spec"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rs, Instant now) {
        JsonNode spec = rs.path("spec");
        String[] containers = Workloads.containerCells(spec);
        return List.of(Printing.name(rs), Json.num(spec, "replicas"), Json.num(rs, "status", "replicas"),
                Json.num(rs, "status", "readyReplicas"), Printing.age(rs, now), containers[0], containers[1],
                LabelSelectors.format(spec.path("selector")));
    }

    @Override
    public String fieldValue(ObjectNode rs, String field) {
        return "status.replicas".equals(field) ? Long.toString(Json.num(rs, "status", "replicas")) : null;
    }

    @Override
    public ScalePaths scale() {
        return new ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector");
    }
}
