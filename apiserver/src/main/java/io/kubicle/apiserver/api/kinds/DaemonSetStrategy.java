package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 DaemonSet: printDaemonSet, SetDefaults_DaemonSet, ValidateDaemonSetSpec's main checks, an immutable selector. */
public final class DaemonSetStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "The total number of nodes that should be running the daemon pod (including nodes"
                    + " correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            Columns.integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run"
                    + " the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            Columns.integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of"
                    + " the daemon pod running and ready."),
            Columns.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            Columns.integer("Available", "The number of nodes that should be running the daemon pod and have one or more of"
                    + " the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            Columns.str("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."
                    + " Selector which must match a node's labels for the pod to be scheduled on that node. More info:"
                    + " https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "A label query over pods that are managed by the daemon set. Must match in order to"
                    + " be controlled. If empty, defaulted to labels on Pod template. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        ObjectNode update = Json.obj(spec, "updateStrategy");
        Json.defaultText(update, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Json.text(update, "type"))) {
            ObjectNode rolling = Json.obj(update, "rollingUpdate");
            Json.defaultInt(rolling, "maxUnavailable", 1);
            Json.defaultInt(rolling, "maxSurge", 0);
        }
        Json.defaultInt(spec, "revisionHistoryLimit", 10);
        Workloads.templateDefaults(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = object.path("spec");
        Workloads.validateSelectorAndTemplate(spec, false, "daemonset", "DaemonSet", errs);
        String type = Json.text(spec, "updateStrategy", "type");
        if (!type.isEmpty() && !List.of("OnDelete", "RollingUpdate").contains(type)) {
            errs.add(FieldError.notSupported("spec.updateStrategy.type", GoFmt.quote(type), List.of("OnDelete", "RollingUpdate")));
        }
        Workloads.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Workloads.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
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
    public List<Object> cells(ObjectNode ds, Instant now) {
        JsonNode spec = ds.path("spec");
        JsonNode status = ds.path("status");
        String[] containers = Workloads.containerCells(spec);
        return List.of(Printing.name(ds), Json.num(status, "desiredNumberScheduled"),
                Json.num(status, "currentNumberScheduled"), Json.num(status, "numberReady"),
                Json.num(status, "updatedNumberScheduled"), Json.num(status, "numberAvailable"),
                LabelSelectors.formatLabels(Json.stringMap(spec, "template", "spec", "nodeSelector")),
                Printing.age(ds, now), containers[0], containers[1], LabelSelectors.format(spec.path("selector")));
    }
}
