package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's rules for a pod's ephemeral containers ({@code kubectl debug}): validateEphemeralContainers, the refusal of
 * them on create, and ValidatePodEphemeralContainersUpdate, which lets the {@code ephemeralcontainers} subresource add
 * containers but never change or remove one.
 */
final class EphemeralContainers {
    static final String FIELD = "ephemeralContainers";
    private static final String NOT_FOR_EPHEMERAL = "cannot be set for an Ephemeral Container";
    /** The fields of a container kube forbids here: what the pod relies on (ports, probes, hooks, resources). */
    private static final List<String> FORBIDDEN_FIELDS = List.of("ports", "resources", "resizePolicy", "restartPolicy",
            "restartPolicyRules", "lifecycle", "livenessProbe", "readinessProbe", "startupProbe");
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private EphemeralContainers() {
    }

    /** A new pod brings none: they are added to a running pod through the subresource. */
    static void refuseOnCreate(JsonNode spec, List<FieldError> errs) {
        if (!Json.items(spec, FIELD).isEmpty()) {
            errs.add(FieldError.forbidden("spec." + FIELD, "cannot be set on create"));
        }
    }

    /** The checks of every ephemeral container of a pod's spec (names, image, what it may set, what it targets). */
    static void validate(JsonNode spec, List<FieldError> errs) {
        List<ObjectNode> ephemeral = Json.objects(spec, FIELD);
        if (ephemeral.isEmpty()) {
            return;
        }
        Set<String> others = new HashSet<>();
        for (String list : List.of("containers", "initContainers")) {
            Json.objects(spec, list).forEach(c -> others.add(Json.text(c, "name")));
        }
        Set<String> volumes = new HashSet<>();
        Json.objects(spec, "volumes").forEach(v -> volumes.add(Json.text(v, "name")));
        // names unique across every kind of container: the common checks start from the others' names
        PodSpecs.validateContainers(ephemeral, "spec." + FIELD, new HashSet<>(others), errs);
        for (int i = 0; i < ephemeral.size(); i++) {
            ObjectNode c = ephemeral.get(i);
            String path = "spec." + FIELD + "[" + i + "]";
            String target = Json.text(c, "targetContainerName");
            if (!target.isEmpty() && !others.contains(target)) {
                errs.add(new FieldError(FieldError.NOT_FOUND, path + ".targetContainerName", GoFmt.quote(target), ""));
            }
            for (String field : FORBIDDEN_FIELDS) {
                if (set(field, c.get(field))) {
                    errs.add(FieldError.forbidden(path + "." + field, NOT_FOR_EPHEMERAL));
                }
            }
            List<ObjectNode> mounts = Json.objects(c, "volumeMounts");
            for (int m = 0; m < mounts.size(); m++) {
                String mountPath = path + ".volumeMounts[" + m + "]";
                String volume = Json.text(mounts.get(m), "name");
                if (!volumes.contains(volume)) {
                    errs.add(new FieldError(FieldError.NOT_FOUND, mountPath + ".name", GoFmt.quote(volume), ""));
                }
                for (String sub : List.of("subPath", "subPathExpr")) {
                    if (!Json.text(mounts.get(m), sub).isEmpty()) {
                        errs.add(FieldError.forbidden(mountPath + "." + sub, NOT_FOR_EPHEMERAL));
                    }
                }
            }
        }
    }

    /** An update through the subresource: existing ephemeral containers stay as they are; static pods get none. */
    static void validateUpdate(ObjectNode pod, ObjectNode old, List<FieldError> errs) {
        if (Json.stringMap(old, "metadata", "annotations").containsKey(MIRROR_ANNOTATION)) {
            errs.add(FieldError.forbidden("", "static pods do not support ephemeral containers"));
            return;
        }
        Map<String, JsonNode> added = new LinkedHashMap<>();
        for (JsonNode c : Json.items(pod.path("spec"), FIELD)) {
            added.put(Json.text(c, "name"), c);
        }
        for (JsonNode before : Json.items(old.path("spec"), FIELD)) {
            String name = Json.text(before, "name");
            JsonNode now = added.get(name);
            if (now == null) {
                errs.add(FieldError.forbidden("spec." + FIELD, "existing ephemeral containers \"" + name
                        + "\" may not be removed\n"));
            } else if (!UpdateRules.same(before, now)) {
                errs.add(FieldError.forbidden("spec." + FIELD, "existing ephemeral containers \"" + name
                        + "\" may not be changed\n" + UpdateRules.diff("core.EphemeralContainer", before, now)));
            }
        }
    }

    /**
     * Whether a field holds something other than its Go zero value, as kube's allow-list compares them: a pointer
     * (a probe, {@code lifecycle}, {@code restartPolicy}) once present, a list once it has items, and
     * {@code resources}, a struct, once one of its maps or lists has.
     */
    private static boolean set(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isArray()) {
            return !value.isEmpty();
        }
        if (field.equals("resources")) {
            for (JsonNode part : value) {
                if (part.size() > 0) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
