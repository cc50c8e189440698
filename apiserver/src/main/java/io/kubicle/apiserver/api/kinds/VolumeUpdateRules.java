package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's ValidatePersistentVolumeClaimUpdate and ValidatePersistentVolumeUpdate: a claim's spec is fixed
 * except that it may be bound to a volume once, get a storage class when it had none, and, once bound,
 * grow (or shrink back towards its status capacity) and change its volume attributes class; a volume's
 * source, volume mode and node affinity (once set) are fixed.
 */
final class VolumeUpdateRules {
    /** The PersistentVolumeSpec fields that are not part of its inline PersistentVolumeSource. */
    private static final String[] PV_NOT_SOURCE = {"capacity", "accessModes", "claimRef", "persistentVolumeReclaimPolicy",
        "storageClassName", "mountOptions", "volumeMode", "nodeAffinity", "volumeAttributesClassName"};

    private VolumeUpdateRules() {
    }

    static List<FieldError> claim(JsonNode pvc, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = pvc.path("spec");
        JsonNode oldSpec = old.path("spec");
        ObjectNode next = UpdateRules.without(spec);
        ObjectNode before = UpdateRules.without(oldSpec);
        if (Json.text(oldSpec, "volumeName").isEmpty()) {
            UpdateRules.copy(before, spec, "volumeName"); // bound once
        }
        String annotation = PersistentVolumeClaimStrategy.BETA_CLASS_ANNOTATION;
        String classAnnotation = Json.text(pvc, "metadata", "annotations", annotation);
        String oldClassAnnotation = Json.text(old, "metadata", "annotations", annotation);
        boolean oldHasAnnotation = Json.present(old, "metadata", "annotations", annotation);
        if (!Json.present(oldSpec, "storageClassName")
                && (!oldHasAnnotation || classAnnotation.equals(oldClassAnnotation)
                && Json.text(spec, "storageClassName").equals(oldClassAnnotation))) {
            next.remove("storageClassName"); // a class given later (from nil, or the annotation's as field)
        }
        if (!classAnnotation.equals(oldClassAnnotation)) {
            errs.add(FieldError.invalid("metadata.annotations." + annotation, GoFmt.quote(classAnnotation), UpdateRules.IMMUTABLE));
        }
        if ("Bound".equals(Json.text(pvc, "status", "phase"))) {
            UpdateRules.copy(Json.obj(Json.obj(next, "resources"), "requests"), oldSpec.path("resources").path("requests"), "storage");
            UpdateRules.copy(next, oldSpec, "volumeAttributesClassName");
        }
        if (!UpdateRules.same(next, before)) {
            errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and"
                    + " volumeAttributesClassName for bound claims\n" + UpdateRules.diff("core.PersistentVolumeClaimSpec", before, next)));
        }
        BigDecimal size = Quantities.value(Json.text(spec, "resources", "requests", "storage"));
        BigDecimal oldSize = Quantities.value(Json.text(oldSpec, "resources", "requests", "storage"));
        BigDecimal capacity = Quantities.value(Json.text(old, "status", "capacity", "storage"));
        if (size != null && oldSize != null && size.compareTo(oldSize) < 0
                && size.compareTo(capacity == null ? BigDecimal.ZERO : capacity) <= 0) {
            errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
        }
        UpdateRules.immutable(errs, "volumeMode", spec.path("volumeMode"), oldSpec.path("volumeMode"));
        return errs;
    }

    static List<FieldError> volume(JsonNode pv, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = pv.path("spec");
        JsonNode oldSpec = old.path("spec");
        ObjectNode source = UpdateRules.without(spec, PV_NOT_SOURCE);
        ObjectNode oldSource = UpdateRules.without(oldSpec, PV_NOT_SOURCE);
        ObjectNode csi = Json.objAt(source, "csi");
        if (csi != null && !Json.present(oldSource, "csi", "controllerExpandSecretRef")) {
            csi.remove("controllerExpandSecretRef"); // may be set later
        }
        if (!UpdateRules.same(source, oldSource)) {
            errs.add(FieldError.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation\n"
                    + UpdateRules.diff("core.PersistentVolumeSource", oldSource, source)));
        }
        UpdateRules.immutable(errs, "volumeMode", spec.path("volumeMode"), oldSpec.path("volumeMode"));
        if (!UpdateRules.absent(oldSpec.path("nodeAffinity"))) {
            UpdateRules.immutable(errs, "nodeAffinity", spec.path("nodeAffinity"), oldSpec.path("nodeAffinity"),
                    UpdateRules.absent(spec.path("nodeAffinity")) ? "null" : spec.path("nodeAffinity").toString());
        }
        return errs;
    }
}
