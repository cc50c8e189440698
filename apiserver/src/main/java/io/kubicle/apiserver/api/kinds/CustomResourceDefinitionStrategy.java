package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: the default table (NAME, CREATED AT) and the
 * name rule of ValidateCustomResourceDefinition; defaults and status (acceptedNames, conditions) come from
 * {@link io.kubicle.apiserver.api.CrdConditions}.
 */
public final class CustomResourceDefinitionStrategy implements KindStrategy {
    private final io.kubicle.apiserver.api.ResourceCatalog workspace;

    public CustomResourceDefinitionStrategy() {
        this(null);
    }

    /** A strategy that checks names against what {@code workspace} serves (null: no check). */
    public CustomResourceDefinitionStrategy(io.kubicle.apiserver.api.ResourceCatalog workspace) {
        this.workspace = workspace;
    }

    @Override
    public void applyDefaults(ObjectNode crd) {
        io.kubicle.apiserver.api.CrdConditions.apply(crd, Instant.now(),
                workspace == null ? null : io.kubicle.apiserver.api.CrdNameConflicts.find(crd, workspace));
    }

    @Override
    public List<FieldError> validate(ObjectNode crd, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String name = Json.text(crd, "metadata", "name");
        String required = Json.text(crd, "spec", "names", "plural") + "." + Json.text(crd, "spec", "group");
        if (!name.isEmpty() && !name.equals(required)) {
            errs.add(FieldError.invalid("metadata.name", GoFmt.quote(name), "must be spec.names.plural+\".\"+spec.group"));
        }
        errs.addAll(ruleCompileErrors(crd));
        return errs;
    }

    /** kube refuses a CRD whose x-kubernetes-validations do not compile. */
    private static List<FieldError> ruleCompileErrors(ObjectNode crd) {
        List<FieldError> errs = new ArrayList<>();
        List<io.kubicle.apiserver.api.crd.ServedVersion> served = io.kubicle.apiserver.api.crd.CrdVersions.served(crd);
        com.fasterxml.jackson.databind.JsonNode versions = crd.path("spec").path("versions");
        for (int i = 0; i < versions.size(); i++) {
            String name = versions.get(i).path("name").asText();
            for (io.kubicle.apiserver.api.crd.ServedVersion v : served) {
                if (v.type().version().equals(name)) {
                    errs.addAll(v.strategy().ruleCompileErrors("spec.versions[" + i + "].schema"));
                }
            }
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Columns.NAME, Columns.CREATED_AT);
    }

    @Override
    public List<Object> cells(ObjectNode crd, Instant now) {
        return RbacStrategies.createdAtCells(crd);
    }
}
