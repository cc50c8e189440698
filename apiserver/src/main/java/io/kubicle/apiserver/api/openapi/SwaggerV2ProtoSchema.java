package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes Swagger 2.0 schemas, and the values and vendor extensions around them, as gnostic's
 * {@code openapi.v2.Schema}, {@code Any} and {@code NamedAny} (google/gnostic-models
 * openapiv2/OpenAPIv2.proto; the field numbers below are that file's).
 *
 * <p>gnostic keeps free-form values ({@code x-*} extensions, defaults, enums, examples) as YAML
 * text; clients such as kubectl yaml.Unmarshal it. JSON is YAML, so the values are written as JSON.
 */
final class SwaggerV2ProtoSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwaggerV2ProtoSchema() {
    }

    /** Fields of {@code Schema}. */
    static void schema(SwaggerV2ProtoWriter w, JsonNode s) {
        w.string(1, text(s, "$ref"));
        w.string(2, text(s, "format"));
        w.string(3, text(s, "title"));
        w.string(4, text(s, "description"));
        any(w, 5, s.get("default"));
        w.dbl(6, s.path("multipleOf").asDouble());
        w.dbl(7, s.path("maximum").asDouble());
        w.bool(8, s.path("exclusiveMaximum").asBoolean());
        w.dbl(9, s.path("minimum").asDouble());
        w.bool(10, s.path("exclusiveMinimum").asBoolean());
        w.int64(11, s.path("maxLength").asLong());
        w.int64(12, s.path("minLength").asLong());
        w.string(13, text(s, "pattern"));
        w.int64(14, s.path("maxItems").asLong());
        w.int64(15, s.path("minItems").asLong());
        w.bool(16, s.path("uniqueItems").asBoolean());
        w.int64(17, s.path("maxProperties").asLong());
        w.int64(18, s.path("minProperties").asLong());
        s.path("required").forEach(name -> w.element(19, name.asText()));
        s.path("enum").forEach(value -> any(w, 20, value));
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isBoolean()) {
            w.message(21, item -> item.oneofBool(2, additional.asBoolean()));
        } else if (additional != null && additional.isObject()) {
            w.message(21, item -> item.message(1, sub -> schema(sub, additional)));
        }
        JsonNode type = s.get("type");
        if (type != null && !type.isNull()) {
            w.message(22, t -> {
                if (type.isArray()) {
                    type.forEach(v -> t.element(1, v.asText()));
                } else {
                    t.element(1, type.asText());
                }
            });
        }
        JsonNode items = s.get("items");
        if (items != null && (items.isObject() || items.isArray())) {
            w.message(23, list -> {
                for (JsonNode item : items.isArray() ? items : JSON.createArrayNode().add(items)) {
                    list.message(1, sub -> schema(sub, item));
                }
            });
        }
        s.path("allOf").forEach(part -> w.message(24, sub -> schema(sub, part)));
        JsonNode properties = s.get("properties");
        if (properties != null && properties.isObject()) {
            w.message(25, props -> namedSchemas(props, 1, properties));
        }
        w.string(26, text(s, "discriminator"));
        w.bool(27, s.path("readOnly").asBoolean());
        externalDocs(w, 29, s.get("externalDocs"));
        any(w, 30, s.get("example"));
        vendorExtensions(w, 31, s);
    }

    /** Repeated {@code NamedSchema} (name 1, value 2) in field {@code field}, in the object's order. */
    static void namedSchemas(SwaggerV2ProtoWriter w, int field, JsonNode schemas) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            w.message(field, named -> {
                named.string(1, e.getKey());
                named.message(2, sub -> schema(sub, e.getValue()));
            });
        }
    }

    /** Repeated {@code NamedAny} in field {@code field}, one per {@code x-} member of {@code node}. */
    static void vendorExtensions(SwaggerV2ProtoWriter w, int field, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                w.message(field, named -> {
                    named.string(1, e.getKey());
                    any(named, 2, e.getValue());
                });
            }
        }
    }

    /** An {@code Any} whose {@code yaml} (field 2) holds {@code value}; nothing if absent. */
    static void any(SwaggerV2ProtoWriter w, int field, JsonNode value) {
        if (value != null && !value.isMissingNode()) {
            w.message(field, any -> any.string(2, value.toString()));
        }
    }

    static void externalDocs(SwaggerV2ProtoWriter w, int field, JsonNode docs) {
        if (docs != null && docs.isObject()) {
            w.message(field, d -> {
                d.string(1, text(docs, "description"));
                d.string(2, text(docs, "url"));
                vendorExtensions(d, 3, docs);
            });
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }
}
