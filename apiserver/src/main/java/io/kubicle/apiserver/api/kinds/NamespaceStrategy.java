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
 * core/v1 Namespace: printNamespace, the kubernetes.io/metadata.name label (SetDefaults_Namespace),
 * status.phase Active, spec.finalizers ["kubernetes"] (the namespace strategy's PrepareForCreate),
 * spec.finalizers validation and the status.phase field selector.
 */
public final class NamespaceStrategy implements KindStrategy {
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME, Columns.str("Status", "The status of the namespace"), Columns.AGE);

    /**
     * Adds spec.finalizers only while the namespace is live (no deletionTimestamp, phase not
     * Terminating), so an update during termination does not bring the finalizer back.
     */
    @Override
    public void applyDefaults(ObjectNode ns) {
        String name = Json.text(ns, "metadata", "name");
        if (!name.isEmpty()) {
            Json.obj(Json.obj(ns, "metadata"), "labels").put(NAME_LABEL, name);
        }
        ObjectNode status = Json.obj(ns, "status");
        Json.defaultText(status, "phase", "Active");
        boolean terminating = "Terminating".equals(Json.text(status, "phase"))
                || Json.present(ns, "metadata", "deletionTimestamp");
        ObjectNode spec = Json.obj(ns, "spec");
        if (!terminating && Json.absent(spec, "finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
    }

    /**
     * The namespace strategy's PrepareForUpdate: spec.finalizers change only through namespace cleanup
     * (kube's finalize subresource), so an update that drops "kubernetes" cannot skip the cleanup.
     */
    @Override
    public void prepareForUpdate(ObjectNode ns, ObjectNode old) {
        UpdateRules.copy(Json.obj(ns, "spec"), old.path("spec"), "finalizers");
    }

    @Override
    public List<FieldError> validate(ObjectNode ns, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        for (JsonNode f : Json.items(ns, "spec", "finalizers")) {
            String value = f.asText();
            List<String> msgs = Validators.qualifiedName(value);
            msgs.forEach(m -> errs.add(FieldError.invalid("spec.finalizers", GoFmt.quote(value), m)));
            if (msgs.isEmpty() && !value.contains("/") && !value.equals("kubernetes")) {
                errs.add(FieldError.invalid("spec.finalizers", GoFmt.quote(value),
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ns, Instant now) {
        return List.of(Printing.name(ns), Json.text(ns, "status", "phase"), Printing.age(ns, now));
    }

    @Override
    public String fieldValue(ObjectNode ns, String field) {
        return "status.phase".equals(field) ? Json.text(ns, "status", "phase") : null;
    }
}
