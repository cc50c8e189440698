package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's ValidateJobSpecUpdate: a Job's selector, pod template, completion mode and failure policies are
 * fixed once created; completions too, except that an Indexed Job may change it together with parallelism
 * (elastic Indexed Jobs). A Job created suspended that never started may still have its template's
 * scheduling directives changed (node affinity and selector, tolerations, labels, annotations,
 * scheduling gates), as queueing controllers do before they let it start.
 */
final class JobUpdateRules {
    /** What a suspended, never started Job's template may change (validatePodTemplateUpdate). */
    private static final List<String> SCHEDULING_DIRECTIVES = List.of("nodeSelector", "tolerations", "schedulingGates");

    private JobUpdateRules() {
    }

    static List<FieldError> validate(JsonNode job, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = job.path("spec");
        JsonNode oldSpec = old.path("spec");
        completions(spec, oldSpec, errs);
        UpdateRules.immutableSelector(errs, "spec.selector", spec, oldSpec);
        boolean mutableScheduling = Json.bool(oldSpec, "suspend") && !Json.present(old, "status", "startTime");
        JsonNode template = spec.path("template");
        JsonNode oldTemplate = mutableScheduling ? withDirectivesOf(oldSpec.path("template"), template)
                : oldSpec.path("template");
        UpdateRules.immutable(errs, "spec.template", template, oldTemplate, template.toString());
        UpdateRules.immutable(errs, "spec.completionMode", spec.path("completionMode"), oldSpec.path("completionMode"));
        for (String f : List.of("podFailurePolicy", "successPolicy")) {
            UpdateRules.immutable(errs, "spec." + f, spec.path(f), oldSpec.path(f),
                    spec.has(f) && !spec.get(f).isNull() ? spec.get(f).toString() : "null");
        }
        for (String f : List.of("backoffLimitPerIndex", "managedBy")) {
            UpdateRules.immutable(errs, "spec." + f, spec.path(f), oldSpec.path(f));
        }
        return errs;
    }

    /** validateCompletions with elastic Indexed Jobs (GA since 1.31). */
    private static void completions(JsonNode spec, JsonNode oldSpec, List<FieldError> errs) {
        JsonNode completions = spec.path("completions");
        if (!"Indexed".equals(Json.text(spec, "completionMode"))) {
            UpdateRules.immutable(errs, "spec.completions", completions, oldSpec.path("completions"));
            return;
        }
        if (UpdateRules.same(completions, oldSpec.path("completions")) || !completions.isNumber()) {
            return;
        }
        if (completions.asLong() != spec.path("parallelism").asLong(-1)) {
            errs.add(FieldError.invalid("spec.completions", completions.asText(),
                    "can only be modified in tandem with spec.parallelism"));
        }
    }

    /** The old template with the new one's scheduling directives, so only other changes count. */
    private static JsonNode withDirectivesOf(JsonNode oldTemplate, JsonNode template) {
        ObjectNode munged = UpdateRules.without(oldTemplate);
        ObjectNode meta = Json.obj(munged, "metadata");
        for (String f : List.of("labels", "annotations")) {
            UpdateRules.copy(meta, template.path("metadata"), f);
        }
        ObjectNode spec = Json.obj(munged, "spec");
        for (String f : SCHEDULING_DIRECTIVES) {
            UpdateRules.copy(spec, template.path("spec"), f);
        }
        UpdateRules.copy(Json.obj(spec, "affinity"), template.path("spec").path("affinity"), "nodeAffinity");
        return munged;
    }
}
