package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's ValidatePodUpdate: a pod's spec is fixed once created except container images,
 * activeDeadlineSeconds (set, or lowered), added tolerations (and tolerationSeconds), removed
 * scheduling gates, and for pods still gated, additions to nodeSelector. {@code spec.nodeName} is
 * therefore immutable here; only the binding subresource sets it.
 */
final class PodUpdateRules {
    static final String UPDATABLE = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
    private static final long MAX_INT32 = Integer.MAX_VALUE;

    private PodUpdateRules() {
    }

    static List<FieldError> validate(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        for (String list : List.of("containers", "initContainers")) {
            if (!containerUpdates(spec, oldSpec, list, errs)) {
                return errs;
            }
        }
        if (!activeDeadline(spec, oldSpec, errs)) {
            return errs;
        }
        onlyAddedTolerations(spec, oldSpec, errs);
        onlyDeletedSchedulingGates(spec, oldSpec, errs);
        if (UpdateRules.same(spec, oldSpec)) {
            return errs;
        }
        ObjectNode munged = UpdateRules.without(spec);
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> containers = Json.objects(munged, list);
            List<JsonNode> old = Json.items(oldSpec, list);
            for (int i = 0; i < containers.size(); i++) {
                UpdateRules.copy(containers.get(i), old.get(i), "image");
            }
        }
        for (String f : List.of("activeDeadlineSeconds", "schedulingGates", "tolerations")) {
            UpdateRules.copy(munged, oldSpec, f);
        }
        JsonNode oldGrace = oldSpec.path("terminationGracePeriodSeconds");
        if (oldGrace.isNumber() && oldGrace.asLong() < 0 && munged.path("terminationGracePeriodSeconds").asLong(0) == 1) {
            UpdateRules.copy(munged, oldSpec, "terminationGracePeriodSeconds");
        }
        if (!Json.items(oldSpec, "schedulingGates").isEmpty()) {
            gatedPodMutations(munged, oldSpec, errs);
        }
        if (!UpdateRules.same(munged, oldSpec)) {
            errs.add(FieldError.forbidden("spec", UPDATABLE + "\n" + UpdateRules.diff("core.PodSpec", oldSpec, munged)));
        }
        return errs;
    }

    /** ValidateContainerUpdates; false when the lists differ in length (kube stops there). */
    private static boolean containerUpdates(JsonNode spec, JsonNode oldSpec, String list, List<FieldError> errs) {
        List<JsonNode> containers = Json.items(spec, list);
        if (containers.size() != Json.items(oldSpec, list).size()) {
            errs.add(FieldError.forbidden("spec." + list, "pod updates may not add or remove containers"));
            return false;
        }
        for (int i = 0; i < containers.size(); i++) {
            String image = Json.text(containers.get(i), "image");
            if (!image.isEmpty() && !image.strip().equals(image)) {
                errs.add(FieldError.invalid("spec." + list + "[" + i + "].image", GoFmt.quote(image),
                        "must not have leading or trailing whitespace"));
            }
        }
        return true;
    }

    /** Set from nil to a value, or lowered; never unset. False when kube stops validating. */
    private static boolean activeDeadline(JsonNode spec, JsonNode oldSpec, List<FieldError> errs) {
        JsonNode value = spec.path("activeDeadlineSeconds");
        JsonNode old = oldSpec.path("activeDeadlineSeconds");
        String path = "spec.activeDeadlineSeconds";
        if (value.isNumber()) {
            long v = value.asLong();
            if (v < 0 || v > MAX_INT32) {
                errs.add(FieldError.invalid(path, Long.toString(v), "must be between 0 and " + MAX_INT32 + ", inclusive"));
                return false;
            }
            if (old.isNumber() && old.asLong() < v) {
                errs.add(FieldError.invalid(path, Long.toString(v), "must be less than or equal to previous value"));
                return false;
            }
        } else if (old.isNumber()) {
            errs.add(FieldError.invalid(path, "null", "must not update from a positive integer to nil value"));
        }
        return true;
    }

    /** Every old toleration must still be there, except that its tolerationSeconds may change. */
    private static void onlyAddedTolerations(JsonNode spec, JsonNode oldSpec, List<FieldError> errs) {
        List<JsonNode> tolerations = Json.items(spec, "tolerations");
        for (JsonNode old : Json.items(oldSpec, "tolerations")) {
            boolean found = tolerations.stream().anyMatch(t ->
                    UpdateRules.same(UpdateRules.without(t, "tolerationSeconds"), UpdateRules.without(old, "tolerationSeconds")));
            if (!found) {
                errs.add(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
    }

    private static void onlyDeletedSchedulingGates(JsonNode spec, JsonNode oldSpec, List<FieldError> errs) {
        Set<String> old = new HashSet<>();
        Json.items(oldSpec, "schedulingGates").forEach(g -> old.add(Json.text(g, "name")));
        List<JsonNode> gates = Json.items(spec, "schedulingGates");
        for (int i = 0; i < gates.size(); i++) {
            String name = Json.text(gates.get(i), "name");
            if (!old.contains(name)) {
                errs.add(FieldError.forbidden("spec.schedulingGates[" + i + "].name",
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
    }

    /**
     * A pod that has not passed its scheduling gates may get more nodeSelector entries (not change or drop
     * any) and a different node affinity; kube checks the affinity change term by term, here it is let through.
     */
    private static void gatedPodMutations(ObjectNode munged, JsonNode oldSpec, List<FieldError> errs) {
        Map<String, String> selector = Json.stringMap(munged, "nodeSelector");
        for (Map.Entry<String, String> e : Json.stringMap(oldSpec, "nodeSelector").entrySet()) {
            if (!e.getValue().equals(selector.get(e.getKey()))) {
                errs.add(FieldError.invalid("spec.nodeSelector", GoFmt.stringMap(munged.path("nodeSelector")),
                        "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
                break;
            }
        }
        UpdateRules.copy(munged, oldSpec, "nodeSelector");
        JsonNode oldAffinity = oldSpec.path("affinity");
        ObjectNode affinity = Json.objAt(munged, "affinity");
        if (affinity != null) {
            UpdateRules.copy(affinity, oldAffinity, "nodeAffinity");
            if (affinity.isEmpty() && !oldAffinity.isObject()) {
                munged.remove("affinity");
            }
        } else if (oldAffinity.has("nodeAffinity")) {
            munged.putObject("affinity").set("nodeAffinity", oldAffinity.get("nodeAffinity").deepCopy());
        }
    }
}
