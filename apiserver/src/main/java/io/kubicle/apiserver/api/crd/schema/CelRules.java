package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * The CEL environment for x-kubernetes-validations: {@code self}/{@code oldSelf} are dynamically typed (the
 * schema decides the shape at runtime), with the standard macros, string, list, math, sets and optional libraries
 * that the Kubernetes CEL environment offers. Built once per process; rules compile against it once per schema.
 */
final class CelRules {
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .comprehensionMaxIterations(1_000_000)
            .build();

    private final Cel cel = build(false);
    private final Cel celOptionalOld = build(true);

    private static Cel build(boolean optionalOldSelf) {
        return CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("self", SimpleType.DYN)
                .addVar("oldSelf", optionalOldSelf ? OptionalType.create(SimpleType.DYN) : SimpleType.DYN)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional(),
                        CelExtensions.math(OPTIONS), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional(),
                        CelExtensions.math(OPTIONS), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
                .build();
    }

    CelRule compile(JsonNode raw, String location) {
        String rule = raw.path("rule").asText("");
        boolean optionalOld = raw.path("optionalOldSelf").asBoolean(false);
        Cel env = optionalOld ? celOptionalOld : cel;
        CelRuntime.Program program = null;
        String error = null;
        try {
            program = program(env, rule);
        } catch (CelValidationException | CelEvaluationException e) {
            error = e.getMessage();
        }
        CelRuntime.Program messageProgram = null;
        String messageExpression = raw.path("messageExpression").asText("");
        if (!messageExpression.isEmpty()) {
            try {
                messageProgram = program(env, messageExpression);
            } catch (CelValidationException | CelEvaluationException e) {
                messageProgram = null;
            }
        }
        return new CelRule(rule, location, program, error, raw.path("message").asText(""), messageProgram,
                raw.path("reason").asText(""), raw.path("fieldPath").asText(""),
                CelRule.readsOldSelf(rule), optionalOld);
    }

    private static CelRuntime.Program program(Cel env, String expr)
            throws CelValidationException, CelEvaluationException {
        CelAbstractSyntaxTree ast = env.compile(expr).getAst();
        return env.createProgram(ast);
    }
}
