package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A CRD version's openAPIV3Schema compiled for repeated use: structural defaulting, pruning and validation
 * (including x-kubernetes-validations CEL rules) with kube-apiserver's error types, paths and messages.
 * Instances are immutable and thread-safe; compile once per CRD version.
 */
public final class CrdSchema {
    private static final CelRules CEL = new CelRules();
    private static final CelEvaluator EVALUATOR = new CelEvaluator();

    private final SchemaNode root;

    private CrdSchema(SchemaNode root) {
        this.root = root;
    }

    /** Compiles a schema; a null or missing schema accepts and keeps everything. */
    public static CrdSchema compile(JsonNode openAPIV3Schema) {
        if (openAPIV3Schema == null || openAPIV3Schema.isMissingNode() || openAPIV3Schema.isNull()) {
            SchemaNode any = new SchemaNode();
            any.preserveUnknownFields = true;
            return new CrdSchema(any);
        }
        return new CrdSchema(SchemaNode.compile(openAPIV3Schema, CEL, "openAPIV3Schema"));
    }

    /** Applies schema defaults in place, nested, to a whole custom resource. */
    public void applyDefaults(ObjectNode object) {
        Defaulter.apply(root, object);
    }

    /** Removes fields the schema does not know and returns their paths ("spec.foo", "spec.items[0].bar"). */
    public List<String> prune(ObjectNode object) {
        List<String> pruned = new ArrayList<>();
        new Pruner(pruned).pruneRoot(root, object);
        return pruned;
    }

    /** Validates a whole custom resource; {@code old} is the stored object on update (enables oldSelf rules). */
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>();
        new Validator(errors, EVALUATOR).validate(root, object, old, "");
        return errors;
    }

    /**
     * CEL rules that did not compile, as kube reports them when it rejects such a CRD; {@code prefix} is the path
     * of the schema's parent ("spec.versions[0].schema").
     */
    public List<FieldError> ruleCompileErrors(String prefix) {
        List<FieldError> out = new ArrayList<>();
        collectRuleErrors(root, prefix.isEmpty() ? "" : prefix + ".", out, new java.util.IdentityHashMap<>());
        return out;
    }

    private static void collectRuleErrors(SchemaNode n, String prefix, List<FieldError> out,
                                          java.util.Map<SchemaNode, Boolean> seen) {
        if (n == null || seen.put(n, Boolean.TRUE) != null) {
            return;
        }
        for (CelRule r : n.rules) {
            if (r.program() == null) {
                out.add(FieldError.invalid(prefix + r.location(), io.kubicle.apiserver.api.kinds.GoFmt.quote(r.rule()),
                        "compilation failed: " + r.compileError()));
            }
        }
        n.properties.values().forEach(c -> collectRuleErrors(c, prefix, out, seen));
        collectRuleErrors(n.items, prefix, out, seen);
        collectRuleErrors(n.additionalProperties, prefix, out, seen);
        n.allOf.forEach(c -> collectRuleErrors(c, prefix, out, seen));
        n.anyOf.forEach(c -> collectRuleErrors(c, prefix, out, seen));
        n.oneOf.forEach(c -> collectRuleErrors(c, prefix, out, seen));
    }

    /**
     * The x-kubernetes-list-type of the list at {@code path} (field names from the root, list positions left out)
     * and its list-map keys; null when the path names no list in the schema.
     */
    public ListType listType(List<String> path) {
        SchemaNode n = at(path);
        if (n == null || n.items == null && !"array".equals(n.type)) {
            return null;
        }
        return new ListType(n.listType == null ? "atomic" : n.listType, n.listMapKeys);
    }

    /** True when the object at {@code path} is x-kubernetes-map-type: atomic. */
    public boolean atomicObject(List<String> path) {
        SchemaNode n = at(path);
        return n != null && "atomic".equals(n.mapType);
    }

    /** A list's merge semantics for server-side apply. */
    public record ListType(String type, List<String> mapKeys) {
    }

    private SchemaNode at(List<String> path) {
        SchemaNode n = root;
        for (String field : path) {
            while (n != null && n.items != null && n.properties.isEmpty()) {
                n = n.items;
            }
            if (n == null) {
                return null;
            }
            n = n.child(field);
        }
        return n;
    }
}
