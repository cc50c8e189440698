package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One compiled node of an OpenAPI v3 structural schema. Everything that can be computed once (regexes, CEL
 * programs, key lists) is computed here so that validating an object never re-reads the raw JSON schema.
 */
final class SchemaNode {
    String type;
    boolean nullable;
    boolean intOrString;
    boolean preserveUnknownFields;
    boolean embeddedResource;
    final Map<String, SchemaNode> properties = new LinkedHashMap<>();
    /** additionalProperties as a schema; {@link #additionalAllowed} covers the boolean form. */
    SchemaNode additionalProperties;
    boolean additionalAllowed;
    SchemaNode items;
    JsonNode defaultValue;
    List<String> required = List.of();
    List<JsonNode> enumValues;
    Double maximum;
    boolean exclusiveMaximum;
    Double minimum;
    boolean exclusiveMinimum;
    Double multipleOf;
    Long maxLength;
    Long minLength;
    Long maxItems;
    Long minItems;
    Long maxProperties;
    Long minProperties;
    String patternText;
    Pattern pattern;
    String format;
    String listType;
    List<String> listMapKeys = List.of();
    String mapType;
    List<SchemaNode> allOf = List.of();
    List<SchemaNode> anyOf = List.of();
    List<SchemaNode> oneOf = List.of();
    SchemaNode not;
    List<CelRule> rules = List.of();

    /** True when this node or anything below it has defaults, CEL rules or list-type checks to run. */
    boolean hasDefaultsBelow;
    boolean hasRulesBelow;

    static SchemaNode compile(JsonNode raw, CelRules cel, String path) {
        SchemaNode n = new SchemaNode();
        if (raw == null || !raw.isObject()) {
            n.preserveUnknownFields = raw == null;
            return n;
        }
        n.type = text(raw, "type");
        n.nullable = raw.path("nullable").asBoolean(false);
        n.intOrString = raw.path("x-kubernetes-int-or-string").asBoolean(false);
        n.preserveUnknownFields = raw.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        n.embeddedResource = raw.path("x-kubernetes-embedded-resource").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> props = raw.path("properties").fields();
        while (props.hasNext()) {
            Map.Entry<String, JsonNode> p = props.next();
            n.properties.put(p.getKey(), compile(p.getValue(), cel, path + ".properties[" + p.getKey() + "]"));
        }
        JsonNode ap = raw.get("additionalProperties");
        if (ap != null && ap.isObject()) {
            n.additionalProperties = compile(ap, cel, path + ".additionalProperties");
            n.additionalAllowed = true;
        } else if (ap != null && ap.isBoolean()) {
            n.additionalAllowed = ap.booleanValue();
        }
        if (raw.has("items") && raw.get("items").isObject()) {
            n.items = compile(raw.get("items"), cel, path + ".items");
        }
        n.defaultValue = raw.get("default");
        if (raw.path("required").isArray()) {
            List<String> req = new ArrayList<>();
            raw.get("required").forEach(r -> req.add(r.asText()));
            n.required = Collections.unmodifiableList(req);
        }
        if (raw.path("enum").isArray()) {
            List<JsonNode> values = new ArrayList<>();
            raw.get("enum").forEach(values::add);
            n.enumValues = values;
        }
        n.maximum = number(raw, "maximum");
        n.exclusiveMaximum = raw.path("exclusiveMaximum").asBoolean(false);
        n.minimum = number(raw, "minimum");
        n.exclusiveMinimum = raw.path("exclusiveMinimum").asBoolean(false);
        n.multipleOf = number(raw, "multipleOf");
        n.maxLength = integer(raw, "maxLength");
        n.minLength = integer(raw, "minLength");
        n.maxItems = integer(raw, "maxItems");
        n.minItems = integer(raw, "minItems");
        n.maxProperties = integer(raw, "maxProperties");
        n.minProperties = integer(raw, "minProperties");
        n.patternText = text(raw, "pattern");
        if (n.patternText != null) {
            n.pattern = GoRegex.compile(n.patternText);
        }
        n.format = text(raw, "format");
        n.listType = text(raw, "x-kubernetes-list-type");
        if (raw.path("x-kubernetes-list-map-keys").isArray()) {
            List<String> keys = new ArrayList<>();
            raw.get("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
            n.listMapKeys = Collections.unmodifiableList(keys);
        }
        n.mapType = text(raw, "x-kubernetes-map-type");
        n.allOf = compileAll(raw.get("allOf"), cel, path + ".allOf");
        n.anyOf = compileAll(raw.get("anyOf"), cel, path + ".anyOf");
        n.oneOf = compileAll(raw.get("oneOf"), cel, path + ".oneOf");
        if (raw.path("not").isObject()) {
            n.not = compile(raw.get("not"), cel, path + ".not");
        }
        if (raw.path("x-kubernetes-validations").isArray()) {
            List<CelRule> compiled = new ArrayList<>();
            int i = 0;
            for (JsonNode r : raw.get("x-kubernetes-validations")) {
                compiled.add(cel.compile(r, path + ".x-kubernetes-validations[" + i++ + "].rule"));
            }
            n.rules = compiled;
        }
        n.hasDefaultsBelow = n.defaultValue != null || anyChild(n, true);
        n.hasRulesBelow = !n.rules.isEmpty() || "set".equals(n.listType) || "map".equals(n.listType)
                || anyChild(n, false);
        return n;
    }

    private static boolean anyChild(SchemaNode n, boolean defaults) {
        for (SchemaNode c : n.properties.values()) {
            if (defaults ? c.hasDefaultsBelow : c.hasRulesBelow) {
                return true;
            }
        }
        for (SchemaNode c : new SchemaNode[] {n.additionalProperties, n.items}) {
            if (c != null && (defaults ? c.hasDefaultsBelow : c.hasRulesBelow)) {
                return true;
            }
        }
        return false;
    }

    private static List<SchemaNode> compileAll(JsonNode list, CelRules cel, String path) {
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<SchemaNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(compile(list.get(i), cel, path + "[" + i + "]"));
        }
        return out;
    }

    private static String text(JsonNode raw, String key) {
        JsonNode v = raw.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode raw, String key) {
        JsonNode v = raw.get(key);
        return v == null || !v.isNumber() ? null : v.doubleValue();
    }

    private static Long integer(JsonNode raw, String key) {
        JsonNode v = raw.get(key);
        return v == null || !v.isNumber() ? null : v.longValue();
    }

    /** The schema for the value under a property name, or null when the property is unknown. */
    SchemaNode child(String name) {
        SchemaNode p = properties.get(name);
        return p != null ? p : additionalProperties;
    }

    /** The type word used in CEL rule errors: kube reports the schema type of the value. */
    String typeWord() {
        return type == null ? "object" : type;
    }
}
