package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 ReplicationController: printReplicationController, its defaults and validation, scale. */
public final class ReplicationControllerStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish"
                    + " between explicit zero and unspecified. Defaults to 1. More info:"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
            Columns.integer("Current", "Replicas is the most recently observed number of replicas. More info:"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"),
            Columns.integer("Ready", "The number of ready replicas for this replication controller."),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "Selector is a label query over pods that should match the Replicas count. If"
                    + " Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and"
                    + " values that must match in order to be controlled by this replication controller, if empty"
                    + " defaulted to labels on Pod template. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        ObjectNode labels = Json.objAt(spec, "template", "metadata", "labels");
        if (labels != null) {
            if (Json.stringMap(spec, "selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            if (Json.stringMap(object, "metadata", "labels").isEmpty()) {
                Json.obj(object, "metadata").set("labels", labels.deepCopy());
            }
        }
        Json.defaultInt(spec, "replicas", 1);
        Workloads.templateDefaults(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = object.path("spec");
        Workloads.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Map<String, String> selector = Json.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errs.add(FieldError.required("spec.selector", ""));
        }
        Workloads.nonNegative(spec, "replicas", "spec.replicas", errs);
        JsonNode template = spec.path("template");
        if (!template.isObject()) {
            errs.add(FieldError.required("spec.template", ""));
            return errs;
        }
        JsonNode labels = Json.at(template, "metadata", "labels");
        Map<String, String> labelMap = Json.stringMap(labels);
        if (!selector.isEmpty() && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(labelMap.get(e.getKey())))) {
            errs.add(FieldError.invalid("spec.template.metadata.labels", GoFmt.stringMap(labels), Workloads.SELECTOR_MISMATCH));
        }
        Workloads.validateTemplate(template, "spec.template", errs);
        String restartPolicy = Json.text(template, "spec", "restartPolicy");
        if (!"Always".equals(restartPolicy)) {
            errs.add(FieldError.notSupported("spec.template.spec.restartPolicy", GoFmt.quote(restartPolicy), List.of("Always")));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rc, Instant now) {
        JsonNode spec = rc.path("spec");
        String[] containers = Workloads.containerCells(spec);
        return List.of(Printing.name(rc), Json.num(spec, "replicas"), Json.num(rc, "status", "replicas"),
                Json.num(rc, "status", "readyReplicas"), Printing.age(rc, now), containers[0], containers[1],
                LabelSelectors.formatLabels(Json.stringMap(spec, "selector")));
    }

    @Override
    public String fieldValue(ObjectNode rc, String field) {
        return "status.replicas".equals(field) ? Long.toString(Json.num(rc, "status", "replicas")) : null;
    }

    /** The selector of an RC is a plain label map (not a LabelSelector). */
    @Override
    public ScalePaths scale() {
        return new ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector");
    }
}
