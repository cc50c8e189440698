package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns OpenAPI 3.0 schemas into Swagger 2.0 ones, the way kube-apiserver's v2 document has them, so
 * that kubectl's v2 parser (kube-openapi pkg/util/proto) accepts every definition: it rejects a
 * {@code $ref} beside a type or properties and any type it does not know.
 */
final class SwaggerV2Schemas {
    static final String DEFINITION_REF = "#/definitions/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** 3.0 keywords with no 2.0 equivalent; leaving them out makes the value unconstrained, not wrong. */
    private static final Set<String> V3_ONLY = Set.of("nullable", "anyOf", "oneOf", "not", "writeOnly", "deprecated");

    private SwaggerV2Schemas() {
    }

    /** A 2.0 copy of {@code schema}, with references to components.schemas pointing at definitions. */
    static ObjectNode convert(JsonNode schema) {
        ObjectNode out = NODES.objectNode();
        if (!schema.isObject()) {
            return out;
        }
        JsonNode single = singleRef(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (V3_ONLY.contains(key) || (single != null && key.equals("allOf"))) {
                continue;
            }
            switch (key) {
                case "$ref" -> out.put("$ref", reference(value.asText()));
                case "properties" -> out.set(key, convertAll(value));
                case "items", "additionalProperties" -> out.set(key, value.isObject() ? convert(value) : value.deepCopy());
                case "allOf" -> {
                    var parts = out.putArray(key);
                    value.forEach(part -> parts.add(convert(part)));
                }
                default -> out.set(key, value.deepCopy());
            }
        }
        if (single != null) {
            out.put("$ref", reference(single.asText()));
        }
        if (out.has("$ref")) {
            // kube's v2 carries nothing but a description (and extensions) next to a reference.
            out.remove("type");
            out.remove("properties");
        }
        dropWhatKubectlCannotCheck(schema, out);
        return out;
    }

    /**
     * As apiextensions' ToStructuralOpenAPIV2: kubectl would reject null for a typed value and unknown
     * fields beside listed properties, so nullable values lose their type, and both lose items and
     * properties (an array left without items loses its type too); nullable fields are not required.
     */
    private static void dropWhatKubectlCannotCheck(JsonNode schema, ObjectNode out) {
        boolean nullable = schema.path("nullable").asBoolean();
        if (nullable || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            out.remove(List.of("items", "properties"));
        }
        if (nullable || (out.path("type").asText().equals("array") && !out.has("items"))) {
            out.remove("type");
        }
        if (out.path("required").isArray()) {
            var required = out.putArray("required");
            schema.get("required").forEach(name -> {
                if (!schema.path("properties").path(name.asText()).path("nullable").asBoolean()) {
                    required.add(name);
                }
            });
            if (required.isEmpty() || schema.path("additionalProperties").path("nullable").asBoolean()) {
                out.remove("required");
            }
        }
    }

    /** Every member of a name-to-schema object, converted. */
    static ObjectNode convertAll(JsonNode schemas) {
        ObjectNode out = NODES.objectNode();
        schemas.fields().forEachRemaining(e -> out.set(e.getKey(), convert(e.getValue())));
        return out;
    }

    /** {@code "#/components/schemas/X"} becomes {@code "#/definitions/X"}; other references are kept. */
    static String reference(String ref) {
        return ref.startsWith(SpecSplitter.SCHEMA_REF) ? DEFINITION_REF + ref.substring(SpecSplitter.SCHEMA_REF.length()) : ref;
    }

    /** The $ref of {@code allOf: [{$ref: X}]}, 3.0's way to give a reference a description or default. */
    private static JsonNode singleRef(JsonNode schema) {
        JsonNode allOf = schema.get("allOf");
        if (allOf == null || !allOf.isArray() || allOf.size() != 1 || schema.has("$ref")) {
            return null;
        }
        JsonNode only = allOf.get(0);
        return only.size() == 1 && only.path("$ref").isTextual() ? only.get("$ref") : null;
    }
}
