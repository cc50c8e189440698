package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.kinds.GoFmt;
import io.kubicle.apiserver.api.openapi.FieldTree;
import io.kubicle.apiserver.api.openapi.OpenApiV3;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fieldValidation parameter, as kube-apiserver applies it to built-in kinds and custom resources
 * alike: fields the kind's schema does not declare, and keys a JSON body repeats, fail the request with
 * Strict (kubectl's default), become {@code Warning: 299 - "..."} headers with Warn (the default when the
 * parameter is absent), and are dropped silently with Ignore; unless refused, unknown fields of built-in
 * kinds are not stored, as in kube. Protobuf bodies cannot carry unknown fields
 * and are not checked. Which fields are known comes from {@link KnownFields}.
 */
final class FieldValidation {
    /** Routing-context key of the paths a JSON body repeated ({@link Bodies#decodeObject}). */
    static final String DUPLICATES = "kubicle.duplicateFields";
    private static final List<String> DIRECTIVES = List.of("Ignore", "Strict", "Warn");

    private FieldValidation() {
    }

    /**
     * Checks the body of a create or update as kube's typed decoder does: problems in the body's order, a
     * repeated unknown field reported once, as unknown.
     */
    static void checkBody(ApiCall call, ObjectNode object) {
        String kind = call.type().kind();
        check(call, object, false, kind + " in version \"" + call.type().version() + "\" cannot be handled as a "
                + kind + ": ");
    }

    /**
     * Checks the result of a patch (or the applied configuration of a server-side apply) as kube's patch
     * handler does: first the keys the patch body repeated, then the unknown fields of the result, sorted.
     */
    static void checkPatched(ApiCall call, ObjectNode object) {
        check(call, object, true, "");
    }

    /**
     * Checks the configuration of a server-side apply. For a built-in kind, kube's apply cannot represent
     * an undeclared field and refuses it whatever fieldValidation says, naming it as structured-merge-diff
     * does (kube answers 500 there; a 400 here, as it is the client's mistake). Custom resources are
     * checked as patches are.
     */
    static void checkApplied(ApiCall call, ObjectNode applied) {
        if (call.strategy() instanceof KnownFields) {
            checkPatched(call, applied);
            return;
        }
        FieldTree tree = OpenApiV3.builtin().fieldTree(call.type().group(), call.type().version(), call.type().kind())
                .orElse(null);
        List<String> undeclared = tree == null ? List.of() : tree.undeclared(applied);
        if (undeclared.isEmpty()) {
            return;
        }
        String namespace = call.info().namespace() == null ? "" : call.info().namespace();
        String problems = undeclared.size() == 1 ? undeclared.get(0) + ": field not declared in schema"
                : "errors:\n  " + String.join(": field not declared in schema\n  ", undeclared)
                        + ": field not declared in schema";
        throw Statuses.badRequest("failed to create typed patch object (" + namespace + "/" + call.info().name() + "; "
                + call.type().group() + "/" + call.type().version() + ", Kind=" + call.type().kind() + "): " + problems);
    }

    private static void check(ApiCall call, ObjectNode object, boolean patched, String errorPrefix) {
        String mode = call.param("fieldValidation");
        if (!mode.isEmpty() && !DIRECTIVES.contains(mode)) {
            String options = switch (call.info().verb()) {
                case "create" -> "CreateOptions";
                case "update" -> "UpdateOptions";
                default -> "PatchOptions";
            };
            throw Statuses.invalid("meta.k8s.io", options, "",
                    List.of(FieldError.notSupported("fieldValidation", GoFmt.quote(mode), DIRECTIVES)));
        }
        KnownFields known = knownFields(call);
        if (known == null || ProtobufBodies.isProtobuf(call.ctx().request().getHeader("Content-Type"))) {
            return;
        }
        Set<String> repeated = call.ctx().get(DUPLICATES);
        Set<String> duplicates = repeated == null ? Set.of() : repeated;
        List<String> problems;
        if (patched) {
            problems = new ArrayList<>();
            duplicates.forEach(path -> problems.add("duplicate field \"" + path + "\""));
            known.problems(object, Set.of()).stream().sorted().forEach(problems::add);
        } else {
            problems = known.problems(object, duplicates);
        }
        if (problems.isEmpty()) {
            return;
        }
        if ("Strict".equals(mode)) {
            throw Statuses.badRequest(errorPrefix + "strict decoding error: " + String.join(", ", problems));
        }
        known.dropUnknown(object);
        if ("Ignore".equals(mode)) {
            return;
        }
        problems.forEach(call::warn);
    }

    /** The kind's known fields: a custom resource's structural schema, or a built-in kind's OpenAPI schema. */
    private static KnownFields knownFields(ApiCall call) {
        if (call.strategy() instanceof KnownFields custom) {
            return custom;
        }
        String sub = call.info().subresource();
        if (!sub.isEmpty() && !sub.equals("status")) {
            return null;
        }
        return OpenApiV3.builtin().fieldTree(call.type().group(), call.type().version(), call.type().kind())
                .<KnownFields>map(tree -> tree).orElse(null);
    }
}
