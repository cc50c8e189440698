package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.List;
import java.util.Map;

/** What the controllers' kinds share: template defaults, selector/template validation, wide cells. */
final class Workloads {
    static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";

    private Workloads() {
    }

    /** PodSpec defaults inside spec.template (templates get no SetDefaults_Pod). */
    static void templateDefaults(ObjectNode spec) {
        ObjectNode template = Json.objAt(spec, "template");
        if (template != null) {
            PodSpecs.applyDefaults(Json.obj(template, "spec"), false);
        }
    }

    static void nonNegative(JsonNode node, String field, String path, List<FieldError> errs) {
        if (Json.present(node, field) && Json.num(node, field) < 0) {
            errs.add(FieldError.invalid(path, Long.toString(Json.num(node, field)), "must be greater than or equal to 0"));
        }
    }

    /** ValidateLabelSelector for a metav1.LabelSelector at {@code path}. */
    static void validateLabelSelector(JsonNode selector, String path, List<FieldError> errs) {
        errs.addAll(MetadataValidation.validateLabels(Json.stringMap(selector, "matchLabels"), path + ".matchLabels"));
        List<JsonNode> exprs = Json.items(selector, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            JsonNode e = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            String op = Json.text(e, "operator");
            int values = Json.items(e, "values").size();
            switch (op) {
                case "In", "NotIn" -> {
                    if (values == 0) {
                        errs.add(FieldError.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (values > 0) {
                        errs.add(FieldError.forbidden(p + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errs.add(FieldError.invalid(p + ".operator", GoFmt.quote(op), "not a valid selector operator"));
            }
            String key = Json.text(e, "key");
            Validators.qualifiedName(key).forEach(m -> errs.add(FieldError.invalid(p + ".key", GoFmt.quote(key), m)));
        }
    }

    /** Go's %#v of a *metav1.LabelSelector, as field.Invalid shows it. */
    static String selectorValue(JsonNode selector) {
        JsonNode labels = selector.path("matchLabels");
        return "&v1.LabelSelector{MatchLabels:" + GoFmt.stringMap(labels)
                + ", MatchExpressions:[]v1.LabelSelectorRequirement(" + (selector.has("matchExpressions") ? "..." : "nil") + ")}";
    }

    /**
     * The selector and template checks of Deployment/ReplicaSet/StatefulSet/DaemonSet:
     * {@code requireSelector} adds "Required value" for a missing selector, {@code kindWord} names
     * the kind in "empty selector is invalid for ..." and {@code kindName} in the activeDeadlineSeconds message.
     */
    static void validateSelectorAndTemplate(JsonNode spec, boolean requireSelector, String kindWord, String kindName,
                                            List<FieldError> errs) {
        JsonNode selector = spec.path("selector");
        boolean hasSelector = selector.isObject();
        if (!hasSelector && requireSelector) {
            errs.add(FieldError.required("spec.selector", ""));
        }
        if (hasSelector) {
            validateLabelSelector(selector, "spec.selector", errs);
            if (LabelSelectors.isEmpty(selector)) {
                errs.add(FieldError.invalid("spec.selector", selectorValue(selector), "empty selector is invalid for " + kindWord));
            }
        }
        JsonNode template = spec.path("template");
        JsonNode labels = Json.at(template, "metadata", "labels");
        Map<String, String> labelMap = Json.stringMap(labels);
        if (hasSelector && LabelSelectors.asString(selector) == null) {
            errs.add(FieldError.invalid("spec.selector", selectorValue(selector), "invalid label selector"));
        } else if (!hasSelector || (!LabelSelectors.isEmpty(selector) && !LabelSelectors.matches(selector, labelMap))) {
            errs.add(FieldError.invalid("spec.template.metadata.labels", GoFmt.stringMap(labels), SELECTOR_MISMATCH));
        }
        validateTemplate(template, "spec.template", errs);
        String restartPolicy = Json.text(template, "spec", "restartPolicy");
        if (!"Always".equals(restartPolicy)) {
            errs.add(FieldError.notSupported("spec.template.spec.restartPolicy", GoFmt.quote(restartPolicy), List.of("Always")));
        }
        if (Json.present(template, "spec", "activeDeadlineSeconds")) {
            errs.add(FieldError.invalid("spec.template.spec.activeDeadlineSeconds",
                    Long.toString(Json.num(template, "spec", "activeDeadlineSeconds")),
                    "activeDeadlineSeconds in " + kindName + " is not Supported"));
        }
    }

    /** ValidatePodTemplateSpec: template labels (on "<path>.labels", as kube names it), annotations and spec. */
    static void validateTemplate(JsonNode template, String path, List<FieldError> errs) {
        errs.addAll(MetadataValidation.validateLabels(Json.stringMap(template, "metadata", "labels"), path + ".labels"));
        errs.addAll(MetadataValidation.validateAnnotations(Json.stringMap(template, "metadata", "annotations"),
                path + ".annotations"));
        PodSpecs.validate(template.path("spec"), path + ".spec", errs);
        if (!Json.items(template.path("spec"), EphemeralContainers.FIELD).isEmpty()) {
            errs.add(FieldError.forbidden(path + ".spec." + EphemeralContainers.FIELD, "ephemeral containers not allowed in pod template"));
        }
    }

    /** Containers and Images cells of a template's pod spec. */
    static String[] containerCells(JsonNode spec) {
        return Printing.containerCells(Json.at(spec, "template", "spec"));
    }
}
