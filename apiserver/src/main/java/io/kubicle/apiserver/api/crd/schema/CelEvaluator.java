package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.kinds.GoFmt;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a node's x-kubernetes-validations against a value, with kube's error shapes: the schema type as bad value,
 * message / messageExpression / "failed rule: ...", reason and fieldPath.
 */
final class CelEvaluator {

    void evaluate(SchemaNode s, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
        Object self = null;
        Object oldSelf = null;
        for (CelRule rule : s.rules) {
            if (rule.transition() && !rule.optionalOldSelf() && (old == null || old.isMissingNode())) {
                continue;
            }
            String type = GoFmt.quote(s.typeWord());
            if (rule.program() == null) {
                errors.add(FieldError.invalid(path, type, "compilation failed: " + rule.compileError()));
                continue;
            }
            if (self == null) {
                self = toCel(value);
                oldSelf = old == null ? null : toCel(old);
            }
            Map<String, Object> vars = new HashMap<>();
            vars.put("self", self);
            if (rule.optionalOldSelf()) {
                vars.put("oldSelf", oldSelf == null ? Optional.empty() : Optional.of(oldSelf));
            } else if (oldSelf != null) {
                vars.put("oldSelf", oldSelf);
            }
            Object result;
            try {
                result = rule.program().eval(vars);
            } catch (CelEvaluationException e) {
                errors.add(FieldError.invalid(path, type, e.getMessage() + " evaluating rule: " + rule.rule()));
                continue;
            }
            if (Boolean.TRUE.equals(result)) {
                continue;
            }
            errors.add(failure(rule, fieldPath(path, rule.fieldPath()), type, message(rule, vars)));
        }
    }

    private static FieldError failure(CelRule rule, String path, String type, String message) {
        return switch (rule.reason()) {
            case FieldError.FORBIDDEN -> new FieldError(FieldError.FORBIDDEN, path, null, message);
            case FieldError.REQUIRED -> new FieldError(FieldError.REQUIRED, path, null, message);
            case FieldError.DUPLICATE -> new FieldError(FieldError.DUPLICATE, path, type, null);
            default -> FieldError.invalid(path, type, message);
        };
    }

    private static String message(CelRule rule, Map<String, Object> vars) {
        if (rule.messageProgram() != null) {
            try {
                Object m = rule.messageProgram().eval(vars);
                if (m instanceof String text && !text.isBlank()) {
                    return text;
                }
            } catch (CelEvaluationException e) {
                // kube falls back to the static message when messageExpression fails
            }
        }
        if (!rule.message().isEmpty()) {
            return rule.message();
        }
        return "failed rule: " + rule.rule().strip();
    }

    private static String fieldPath(String path, String relative) {
        if (relative.isEmpty()) {
            return path;
        }
        String rel = relative.startsWith(".") ? relative : "." + relative;
        return path.isEmpty() ? rel.substring(1) : path + rel;
    }

    static Object toCel(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>(v.size());
            v.forEach(x -> out.add(toCel(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), toCel(e.getValue()));
        }
        return out;
    }
}
