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
 * autoscaling HorizontalPodAutoscaler: printHorizontalPodAutoscaler (formatHPAMetrics) for the v2
 * shape, and the v1 shape (targetCPUUtilizationPercentage); minReplicas 1 and the default CPU 80% target.
 */
public final class HorizontalPodAutoscalerStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods for"
                    + " which metrics should be collected, as well as to actually change the replica count."),
            Columns.str("Targets", "metrics contains the specifications for which to use to calculate the desired replica"
                    + " count (the maximum replica count across all metrics will be used).  The desired replica count is"
                    + " calculated multiplying the ratio between the target value and the current value by the current"
                    + " number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa."
                    + "  See the individual metric source types for more information about how each type of metric must"
                    + " respond."),
            Columns.str("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can"
                    + " scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate"
                    + " HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is"
                    + " active as long as at least one metric value is available."),
            Columns.str("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can"
                    + " scale up. It cannot be less that minReplicas."),
            Columns.str("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, as"
                    + " last seen by the autoscaler."),
            Columns.AGE);

    private static boolean v1(JsonNode hpa) {
        return "autoscaling/v1".equals(Json.text(hpa, "apiVersion"));
    }

    @Override
    public void applyDefaults(ObjectNode hpa) {
        ObjectNode spec = Json.obj(hpa, "spec");
        Json.defaultInt(spec, "minReplicas", 1);
        if (v1(hpa)) {
            Json.defaultInt(spec, "targetCPUUtilizationPercentage", 80);
        } else if (Json.items(spec, "metrics").isEmpty()) {
            ObjectNode metric = spec.putArray("metrics").addObject();
            metric.put("type", "Resource");
            ObjectNode resource = metric.putObject("resource");
            resource.put("name", "cpu");
            resource.putObject("target").put("type", "Utilization").put("averageUtilization", 80);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode hpa, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = hpa.path("spec");
        long min = Json.num(spec, "minReplicas");
        long max = Json.num(spec, "maxReplicas");
        if (Json.present(spec, "minReplicas") && min < 1) {
            errs.add(FieldError.invalid("spec.minReplicas", Long.toString(min), "must be greater than or equal to 1"));
        }
        if (max < 1) {
            errs.add(FieldError.invalid("spec.maxReplicas", Long.toString(max), "must be greater than 0"));
        }
        if (Json.present(spec, "minReplicas") && max < min) {
            errs.add(FieldError.invalid("spec.maxReplicas", Long.toString(max), "must be greater than or equal to `minReplicas`"));
        }
        JsonNode ref = spec.path("scaleTargetRef");
        if (Json.text(ref, "kind").isEmpty()) {
            errs.add(FieldError.required("spec.scaleTargetRef.kind", ""));
        }
        if (Json.text(ref, "name").isEmpty()) {
            errs.add(FieldError.required("spec.scaleTargetRef.name", ""));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode hpa, Instant now) {
        JsonNode spec = hpa.path("spec");
        JsonNode status = hpa.path("status");
        String reference = Json.text(spec, "scaleTargetRef", "kind") + "/" + Json.text(spec, "scaleTargetRef", "name");
        String minPods = Json.present(spec, "minReplicas") ? Long.toString(Json.num(spec, "minReplicas")) : "<unset>";
        return List.of(Printing.name(hpa), reference, metrics(spec, status), minPods, Json.num(spec, "maxReplicas"),
                Json.num(status, "currentReplicas"), Printing.age(hpa, now));
    }

    private static String metrics(JsonNode spec, JsonNode status) {
        List<JsonNode> specs = Json.items(spec, "metrics");
        if (specs.isEmpty() && Json.present(spec, "targetCPUUtilizationPercentage")) {
            String current = Json.present(status, "currentCPUUtilizationPercentage")
                    ? Json.num(status, "currentCPUUtilizationPercentage") + "%" : "<unknown>";
            return "cpu: " + current + "/" + Json.num(spec, "targetCPUUtilizationPercentage") + "%";
        }
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<JsonNode> statuses = Json.items(status, "currentMetrics");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode m = specs.get(i);
            JsonNode st = i < statuses.size() ? statuses.get(i) : Json.NODES.missingNode();
            switch (Json.text(m, "type")) {
                case "External" -> list.add(valueMetric(m.path("external"), st.path("external")));
                case "Object" -> list.add(valueMetric(m.path("object"), st.path("object")));
                case "Pods" -> list.add(quantity(st, "pods", "current", "averageValue") + "/"
                        + Quantities.canonical(Json.text(m, "pods", "target", "averageValue")));
                case "Resource" -> list.add(resourceMetric(m.path("resource"), st.path("resource")));
                case "ContainerResource" -> list.add(resourceMetric(m.path("containerResource"), st.path("containerResource")));
                default -> list.add("<unknown type>");
            }
        }
        if (list.size() > 2) {
            return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
        }
        return String.join(", ", list);
    }

    private static String valueMetric(JsonNode spec, JsonNode status) {
        if (Json.present(spec, "target", "averageValue")) {
            return quantity(status, "current", "averageValue") + "/"
                    + Quantities.canonical(Json.text(spec, "target", "averageValue")) + " (avg)";
        }
        String current = status.isObject() ? Quantities.canonical(orZero(Json.text(status, "current", "value"))) : "<unknown>";
        return current + "/" + Quantities.canonical(orZero(Json.text(spec, "target", "value")));
    }

    private static String resourceMetric(JsonNode spec, JsonNode status) {
        String name = Json.text(spec, "name");
        if (Json.present(spec, "target", "averageValue")) {
            return name + ": " + quantity(status, "current", "averageValue") + "/"
                    + Quantities.canonical(Json.text(spec, "target", "averageValue"));
        }
        String current = Json.present(status, "current", "averageUtilization")
                ? Json.num(status, "current", "averageUtilization") + "%" : "<unknown>";
        String target = Json.present(spec, "target", "averageUtilization")
                ? Json.num(spec, "target", "averageUtilization") + "%" : "<auto>";
        return name + ": " + current + "/" + target;
    }

    private static String quantity(JsonNode node, String... path) {
        return Json.present(node, path) ? Quantities.canonical(Json.text(node, path)) : "<unknown>";
    }

    private static String orZero(String s) {
        return s.isEmpty() ? "0" : s;
    }
}
