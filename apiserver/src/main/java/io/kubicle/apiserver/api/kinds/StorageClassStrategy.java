package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** storage.k8s.io/v1 StorageClass: printStorageClass ("(default)" suffix), SetDefaults_StorageClass, provisioner. */
public final class StorageClassStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Provisioner", "provisioner indicates the type of the provisioner."),
            Columns.str("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned"
                    + " PersistentVolumes of this storage class. Defaults to Delete."),
            Columns.str("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be"
                    + " provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by"
                    + " servers that enable the VolumeScheduling feature."),
            Columns.str("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
            Columns.AGE);

    @Override
    public void applyDefaults(ObjectNode sc) {
        Json.defaultText(sc, "reclaimPolicy", "Delete");
        Json.defaultText(sc, "volumeBindingMode", "Immediate");
    }

    @Override
    public List<FieldError> validate(ObjectNode sc, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String provisioner = Json.text(sc, "provisioner");
        if (provisioner.isEmpty()) {
            errs.add(FieldError.required("provisioner", ""));
        } else {
            Validators.qualifiedName(provisioner.toLowerCase(java.util.Locale.ROOT)).forEach(m ->
                    errs.add(FieldError.invalid("provisioner", GoFmt.quote(provisioner), m)));
        }
        String reclaim = Json.text(sc, "reclaimPolicy");
        if (!reclaim.isEmpty() && !List.of("Delete", "Retain").contains(reclaim)) {
            errs.add(FieldError.notSupported("reclaimPolicy", GoFmt.quote(reclaim), List.of("Delete", "Retain")));
        }
        if (old != null) {
            // ValidateStorageClassUpdate
            for (String f : List.of("parameters", "provisioner", "reclaimPolicy")) {
                if (!UpdateRules.same(sc.path(f), old.path(f))) {
                    errs.add(FieldError.forbidden(f, "updates to " + f + " are forbidden."));
                }
            }
            UpdateRules.immutable(errs, "volumeBindingMode", sc.path("volumeBindingMode"), old.path("volumeBindingMode"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sc, Instant now) {
        String name = Printing.name(sc);
        java.util.Map<String, String> annotations = Json.stringMap(sc, "metadata", "annotations");
        if ("true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
                || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class"))) {
            name += " (default)";
        }
        String reclaim = Json.text(sc, "reclaimPolicy").isEmpty() ? "Delete" : Json.text(sc, "reclaimPolicy");
        String binding = Json.text(sc, "volumeBindingMode").isEmpty() ? "Immediate" : Json.text(sc, "volumeBindingMode");
        return List.of(name, Json.text(sc, "provisioner"), reclaim, binding, Json.bool(sc, "allowVolumeExpansion"),
                Printing.age(sc, now));
    }
}
