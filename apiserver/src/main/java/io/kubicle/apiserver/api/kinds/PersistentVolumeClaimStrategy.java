package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** core/v1 PersistentVolumeClaim: printPersistentVolumeClaim, volumeMode/phase defaults, basic validation, the update rules. */
public final class PersistentVolumeClaimStrategy implements KindStrategy {
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    private static final List<String> MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Status", "phase represents the current phase of PersistentVolumeClaim."),
            Columns.str("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            Columns.str("Capacity", "capacity represents the actual resources of the underlying volume."),
            Columns.str("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."
                    + " More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
            Columns.str("StorageClass", "StorageClass of the pvc"),
            Columns.str("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            Columns.AGE,
            Columns.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of"
                    + " Filesystem is implied when not included in claim spec."));

    @Override
    public void applyDefaults(ObjectNode pvc) {
        Json.defaultText(Json.obj(pvc, "spec"), "volumeMode", "Filesystem");
        Json.defaultText(Json.obj(pvc, "status"), "phase", "Pending");
    }

    @Override
    public List<FieldError> validate(ObjectNode pvc, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = pvc.path("spec");
        List<JsonNode> modes = Json.items(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required("spec.accessModes", "at least 1 access mode is required"));
        }
        for (JsonNode m : modes) {
            if (!MODES.contains(m.asText())) {
                errs.add(FieldError.notSupported("spec.accessModes", GoFmt.quote(m.asText()), MODES));
            }
        }
        if (!Json.present(spec, "resources", "requests", "storage")) {
            errs.add(FieldError.required("spec.resources[storage]", ""));
        } else if (Quantities.value(Json.text(spec, "resources", "requests", "storage")) != null
                && Quantities.value(Json.text(spec, "resources", "requests", "storage")).signum() <= 0) {
            errs.add(FieldError.invalid("spec.resources[storage]",
                    GoFmt.quote(Quantities.canonical(Json.text(spec, "resources", "requests", "storage"))),
                    "must be greater than zero"));
        }
        if (old != null) {
            errs.addAll(VolumeUpdateRules.claim(pvc, old));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pvc, Instant now) {
        JsonNode spec = pvc.path("spec");
        JsonNode status = pvc.path("status");
        String phase = Json.present(pvc, "metadata", "deletionTimestamp") ? "Terminating" : Json.text(status, "phase");
        String capacity = "";
        String accessModes = "";
        if (!Json.text(spec, "volumeName").isEmpty()) {
            accessModes = Printing.accessModes(status.path("accessModes"));
            capacity = Json.present(status, "capacity", "storage")
                    ? Quantities.canonical(Json.text(status, "capacity", "storage")) : "0";
        }
        String vac = Json.present(spec, "volumeAttributesClassName") ? Json.text(spec, "volumeAttributesClassName") : "<unset>";
        String volumeMode = Json.present(spec, "volumeMode") ? Json.text(spec, "volumeMode") : "<unset>";
        return List.of(Printing.name(pvc), phase, Json.text(spec, "volumeName"), capacity, accessModes,
                storageClass(pvc), vac, Printing.age(pvc, now), volumeMode);
    }

    /** GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation wins over the field. */
    static String storageClass(JsonNode obj) {
        JsonNode annotations = Json.at(obj, "metadata", "annotations");
        if (annotations.has(BETA_CLASS_ANNOTATION)) {
            return annotations.get(BETA_CLASS_ANNOTATION).asText();
        }
        return Json.text(obj, "spec", "storageClassName");
    }
}
