package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: the default table (NAME, CREATED AT), the
 * name rule of ValidateCustomResourceDefinition and its update rules; defaults and status (acceptedNames, conditions) come from
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
        if (old != null) {
            updateRules(crd.path("spec"), old, errs);
        }
        return errs;
    }

    /**
     * validateCustomResourceDefinitionSpecUpdate: group and plural name the stored resource; once the CRD
     * is established its scope and kind are fixed too.
     */
    private static void updateRules(com.fasterxml.jackson.databind.JsonNode spec, ObjectNode old, List<FieldError> errs) {
        com.fasterxml.jackson.databind.JsonNode oldSpec = old.path("spec");
        boolean established = Json.items(old, "status", "conditions").stream().anyMatch(c ->
                "Established".equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status")));
        if (established) {
            UpdateRules.immutable(errs, "spec.scope", spec.path("scope"), oldSpec.path("scope"));
            UpdateRules.immutable(errs, "spec.names.kind", spec.path("names").path("kind"), oldSpec.path("names").path("kind"));
        }
        UpdateRules.immutable(errs, "spec.group", spec.path("group"), oldSpec.path("group"));
        UpdateRules.immutable(errs, "spec.names.plural", spec.path("names").path("plural"), oldSpec.path("names").path("plural"));
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
