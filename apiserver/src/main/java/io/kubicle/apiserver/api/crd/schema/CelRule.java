package io.kubicle.apiserver.api.crd.schema;

import dev.cel.runtime.CelRuntime;
import java.util.regex.Pattern;

/**
 * One compiled x-kubernetes-validations entry.
 *
 * @param rule the rule text as written (used in "failed rule: ..." messages)
 * @param location the rule's path in the schema ("openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule")
 * @param program the compiled rule, null when it did not compile ({@link #compileError} says why)
 * @param messageProgram compiled messageExpression, or null
 * @param transition true when the rule reads oldSelf (then it only runs on update with an old value)
 */
record CelRule(String rule, String location, CelRuntime.Program program, String compileError, String message,
               CelRuntime.Program messageProgram, String reason, String fieldPath, boolean transition,
               boolean optionalOldSelf) {

    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

    static boolean readsOldSelf(String rule) {
        return OLD_SELF.matcher(rule).find();
    }
}
