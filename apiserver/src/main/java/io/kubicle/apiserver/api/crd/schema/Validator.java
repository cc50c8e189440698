package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.kinds.GoFmt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Value validation of a structural schema with kube-openapi's messages, mapped to field errors the way
 * apiextensions-apiserver maps them (required → Required, enum → Unsupported, maxLength → Too long, ...).
 */
final class Validator {
    private final List<FieldError> errors;
    private final CelEvaluator cel;

    Validator(List<FieldError> errors, CelEvaluator cel) {
        this.errors = errors;
        this.cel = cel;
    }

    /** Validates {@code v} at {@code path} (kube's dotted path, "" for the root); old is the correlated old value. */
    void validate(SchemaNode s, JsonNode v, JsonNode old, String path) {
        int before = errors.size();
        if (!checkType(s, v, path)) {
            return;
        }
        if (v.isNull()) {
            return;
        }
        checkEnum(s, v, path);
        if (v.isTextual()) {
            checkString(s, v.textValue(), path);
        } else if (v.isNumber()) {
            checkNumber(s, v, path);
        } else if (v.isArray()) {
            checkArray(s, v, old, path);
        } else if (v.isObject()) {
            checkObject(s, v, old, path);
        }
        checkComposition(s, v, path);
        if (cel != null && !s.rules.isEmpty() && errors.size() == before) {
            cel.evaluate(s, v, old, path, errors);
        }
    }

    private boolean checkType(SchemaNode s, JsonNode v, String path) {
        if (v.isNull()) {
            if (s.nullable || s.type == null) {
                return true;
            }
            typeError(path, s.type, "null");
            return false;
        }
        if (s.intOrString) {
            if (v.isIntegralNumber() || v.isTextual()) {
                return true;
            }
            typeError(path, "integer,string", actualType(v));
            return false;
        }
        if (s.type == null) {
            return true;
        }
        boolean ok = switch (s.type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
        if (!ok) {
            typeError(path, s.type, actualType(v));
        }
        return ok;
    }

    private void typeError(String path, String expected, String actual) {
        errors.add(new FieldError(FieldError.TYPE_INVALID, path, GoFmt.quote(actual),
                name(path) + " in body must be of type " + expected + ": " + GoFmt.quote(actual)));
    }

    static String actualType(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "array" : "object";
    }

    private void checkEnum(SchemaNode s, JsonNode v, String path) {
        if (s.enumValues == null) {
            return;
        }
        for (JsonNode allowed : s.enumValues) {
            if (JsonValues.equal(allowed, v)) {
                return;
            }
        }
        List<String> supported = new ArrayList<>();
        for (JsonNode allowed : s.enumValues) {
            supported.add(allowed.isTextual() ? allowed.textValue() : allowed.toString());
        }
        errors.add(FieldError.notSupported(path, JsonValues.render(v), supported));
    }

    private void checkString(SchemaNode s, String text, String path) {
        long runes = text.codePointCount(0, text.length());
        if (s.maxLength != null && runes > s.maxLength) {
            errors.add(new FieldError(FieldError.TOO_LONG, path, null, "may not be longer than " + s.maxLength));
        }
        if (s.minLength != null && runes < s.minLength) {
            invalid(path, GoFmt.quote(text), "should be at least " + s.minLength + " chars long");
        }
        if (s.pattern != null && !s.pattern.matcher(text).find()) {
            invalid(path, GoFmt.quote(text), "should match '" + s.patternText + "'");
        }
        if (s.format != null && Formats.known(s.format) && !Formats.valid(s.format, text)) {
            String type = "datetime".equals(s.format) ? "date-time" : s.format;
            errors.add(new FieldError(FieldError.TYPE_INVALID, path, GoFmt.quote(text),
                    name(path) + " in body must be of type " + type + ": " + GoFmt.quote(text)));
        }
    }

    private void checkNumber(SchemaNode s, JsonNode v, String path) {
        double d = v.doubleValue();
        String bad = JsonValues.render(v);
        if (s.maximum != null && (s.exclusiveMaximum ? d >= s.maximum : d > s.maximum)) {
            invalid(path, bad, (s.exclusiveMaximum ? "should be less than " : "should be less than or equal to ")
                    + JsonValues.number(s.maximum));
        }
        if (s.minimum != null && (s.exclusiveMinimum ? d <= s.minimum : d < s.minimum)) {
            invalid(path, bad, (s.exclusiveMinimum ? "should be greater than "
                    : "should be greater than or equal to ") + JsonValues.number(s.minimum));
        }
        if (s.multipleOf != null && s.multipleOf > 0) {
            double q = d / s.multipleOf;
            if (Math.abs(q - Math.rint(q)) > 1e-9) {
                invalid(path, bad, "should be a multiple of " + JsonValues.number(s.multipleOf));
            }
        }
    }

    private void checkArray(SchemaNode s, JsonNode v, JsonNode old, String path) {
        int size = v.size();
        if (s.maxItems != null && size > s.maxItems) {
            errors.add(new FieldError(FieldError.TOO_MANY, path, Integer.toString(size),
                    "must have at most " + s.maxItems + " items"));
        }
        if (s.minItems != null && size < s.minItems) {
            invalid(path, Integer.toString(size), "should have at least " + s.minItems + " items");
        }
        ListTypes.check(s, v, path, errors);
        if (s.items != null) {
            for (int i = 0; i < size; i++) {
                JsonNode item = v.get(i);
                validate(s.items, item, ListTypes.correlate(s, item, old), path + "[" + i + "]");
            }
        }
    }

    private void checkObject(SchemaNode s, JsonNode v, JsonNode old, String path) {
        int size = v.size();
        if (s.maxProperties != null && size > s.maxProperties) {
            errors.add(new FieldError(FieldError.TOO_MANY, path, Integer.toString(size),
                    "must have at most " + s.maxProperties + " items"));
        }
        if (s.minProperties != null && size < s.minProperties) {
            invalid(path, Integer.toString(size), "should have at least " + s.minProperties + " properties");
        }
        for (String r : s.required) {
            if (!v.has(r)) {
                errors.add(FieldError.required(child(path, r), ""));
            }
        }
        if (s.embeddedResource) {
            EmbeddedResources.check(v, path, errors);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            SchemaNode sub = s.child(f.getKey());
            if (sub == null) {
                continue;
            }
            JsonNode oldChild = old == null || !old.isObject() ? null : old.get(f.getKey());
            validate(sub, f.getValue(), oldChild, child(path, f.getKey()));
        }
    }

    private void checkComposition(SchemaNode s, JsonNode v, String path) {
        if (!s.allOf.isEmpty()) {
            List<FieldError> sub = new ArrayList<>();
            for (SchemaNode a : s.allOf) {
                sub.addAll(subErrors(a, v, path));
            }
            if (!sub.isEmpty()) {
                invalid(path, "\"\"", "must validate all the schemas (allOf)");
                errors.addAll(sub);
            }
        }
        if (!s.anyOf.isEmpty()) {
            List<FieldError> best = null;
            for (SchemaNode a : s.anyOf) {
                List<FieldError> sub = subErrors(a, v, path);
                if (sub.isEmpty()) {
                    best = null;
                    break;
                }
                if (best == null || sub.size() < best.size()) {
                    best = sub;
                }
            }
            if (best != null) {
                invalid(path, "\"\"", "must validate at least one schema (anyOf)");
                errors.addAll(best);
            }
        }
        if (!s.oneOf.isEmpty()) {
            int passing = 0;
            for (SchemaNode a : s.oneOf) {
                if (subErrors(a, v, path).isEmpty()) {
                    passing++;
                }
            }
            if (passing != 1) {
                invalid(path, "\"\"", "must validate one and only one schema (oneOf)");
            }
        }
        if (s.not != null && subErrors(s.not, v, path).isEmpty()) {
            invalid(path, "\"\"", "must not validate the schema (not)");
        }
    }

    private static List<FieldError> subErrors(SchemaNode sub, JsonNode v, String path) {
        List<FieldError> out = new ArrayList<>();
        new Validator(out, null).validate(sub, v, null, path);
        return out;
    }

    private void invalid(String path, String badValue, String what) {
        errors.add(FieldError.invalid(path, badValue, name(path) + " in body " + what));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String name(String path) {
        return path.isEmpty() ? "." : path;
    }
}
