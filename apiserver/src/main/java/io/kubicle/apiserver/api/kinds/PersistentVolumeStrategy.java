package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.List;

/** core/v1 PersistentVolume: printPersistentVolume, SetDefaults_PersistentVolume, the update rules. */
public final class PersistentVolumeStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Capacity", "capacity is the description of the persistent volume's resources and capacity. More"
                    + " info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
            Columns.str("Access Modes", "accessModes contains all ways the volume can be mounted. More info:"
                    + " https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
            Columns.str("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when"
                    + " released from its claim. Valid options are Retain (default for manually created"
                    + " PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle"
                    + " (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More"
                    + " info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
            Columns.str("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."
                    + " More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
            Columns.str("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and"
                    + " PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative"
                    + " bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
            Columns.str("StorageClass", "StorageClass of the pv"),
            Columns.str("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            Columns.str("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine"
                    + " parsing and tidy display in the CLI."),
            Columns.AGE,
            Columns.wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem"
                    + " or to remain in raw block state. Value of Filesystem is implied when not included in spec."));

    @Override
    public void applyDefaults(ObjectNode pv) {
        ObjectNode spec = Json.obj(pv, "spec");
        Json.defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
        Json.defaultText(spec, "volumeMode", "Filesystem");
        Json.defaultText(Json.obj(pv, "status"), "phase", "Pending");
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pv, Instant now) {
        JsonNode spec = pv.path("spec");
        String claim = Json.present(spec, "claimRef")
                ? Json.text(spec, "claimRef", "namespace") + "/" + Json.text(spec, "claimRef", "name") : "";
        String phase = Json.present(pv, "metadata", "deletionTimestamp") ? "Terminating" : Json.text(pv, "status", "phase");
        String size = Json.present(spec, "capacity", "storage") ? Quantities.canonical(Json.text(spec, "capacity", "storage")) : "0";
        String vac = Json.present(spec, "volumeAttributesClassName") ? Json.text(spec, "volumeAttributesClassName") : "<unset>";
        String volumeMode = Json.present(spec, "volumeMode") ? Json.text(spec, "volumeMode") : "<unset>";
        return List.of(Printing.name(pv), size, Printing.accessModes(spec.path("accessModes")),
                Json.text(spec, "persistentVolumeReclaimPolicy"), phase, claim,
                PersistentVolumeClaimStrategy.storageClass(pv), vac, Json.text(pv, "status", "reason"),
                Printing.age(pv, now), volumeMode);
    }

    @Override
    public List<io.kubicle.apiserver.api.FieldError> validate(ObjectNode pv, ObjectNode old) {
        return old == null ? List.of() : VolumeUpdateRules.volume(pv, old);
    }
}
