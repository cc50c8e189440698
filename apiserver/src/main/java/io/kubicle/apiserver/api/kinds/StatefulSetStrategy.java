package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 StatefulSet: printStatefulSet, SetDefaults_StatefulSet, ValidateStatefulSetSpec's main checks, ValidateStatefulSetUpdate, scale. */
public final class StatefulSetStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Ready", "Number of the pod with ready state"),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES);

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        Json.defaultText(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode update = Json.obj(spec, "updateStrategy");
        if (Json.blank(update, "type")) {
            update.put("type", "RollingUpdate");
            Json.obj(update, "rollingUpdate");
        }
        ObjectNode rolling = Json.objAt(update, "rollingUpdate");
        if ("RollingUpdate".equals(Json.text(update, "type")) && rolling != null) {
            Json.defaultInt(rolling, "partition", 0);
        }
        ObjectNode retention = Json.obj(spec, "persistentVolumeClaimRetentionPolicy");
        Json.defaultText(retention, "whenDeleted", "Retain");
        Json.defaultText(retention, "whenScaled", "Retain");
        Json.defaultInt(spec, "replicas", 1);
        Json.defaultInt(spec, "revisionHistoryLimit", 10);
        Workloads.templateDefaults(spec);
        for (ObjectNode pvc : Json.objects(spec, "volumeClaimTemplates")) {
            Json.defaultText(Json.obj(pvc, "spec"), "volumeMode", "Filesystem");
        }
    }

    /** What ValidateStatefulSetUpdate lets change. */
    private static final String[] MUTABLE = {"replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy", "minReadySeconds"};

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = object.path("spec");
        String policy = Json.text(spec, "podManagementPolicy");
        if (policy.isEmpty()) {
            errs.add(FieldError.required("spec.podManagementPolicy", ""));
        } else if (!List.of("OrderedReady", "Parallel").contains(policy)) {
            errs.add(FieldError.invalid("spec.podManagementPolicy", GoFmt.quote(policy),
                    "must be 'OrderedReady' or 'Parallel'"));
        }
        String update = Json.text(spec, "updateStrategy", "type");
        if (update.isEmpty()) {
            errs.add(FieldError.required("spec.updateStrategy", ""));
        } else if (!List.of("OnDelete", "RollingUpdate").contains(update)) {
            errs.add(FieldError.invalid("spec.updateStrategy", GoFmt.quote(update),
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
        Workloads.nonNegative(spec, "replicas", "spec.replicas", errs);
        Workloads.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Workloads.validateSelectorAndTemplate(spec, true, "statefulset", "StatefulSet", errs);
        if (old != null && !UpdateRules.same(UpdateRules.without(spec, MUTABLE), UpdateRules.without(old.path("spec"), MUTABLE))) {
            errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                    + " 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and"
                    + " 'minReadySeconds' are forbidden"));
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sts, Instant now) {
        JsonNode spec = sts.path("spec");
        String[] containers = Workloads.containerCells(spec);
        return List.of(Printing.name(sts), Json.num(sts, "status", "readyReplicas") + "/" + Json.num(spec, "replicas"),
                Printing.age(sts, now), containers[0], containers[1]);
    }

    @Override
    public ScalePaths scale() {
        return new ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector");
    }
}
