package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubicle.apiserver.api.FieldError;
import java.util.List;

/** Small helpers: schemas and objects from YAML/JSON text, errors as kube prints them. */
final class SchemaFixture {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaFixture() {
    }

    static CrdSchema schema(String yaml) {
        return CrdSchema.compile(node(yaml));
    }

    /** A root schema with the given spec schema. */
    static CrdSchema spec(String specYaml) {
        String indented = specYaml.strip().replace("\n", "\n    ");
        return schema("type: object\nproperties:\n  spec:\n    " + indented + "\n");
    }

    static JsonNode node(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode withSpec(String specJson) {
        return object("{\"apiVersion\":\"x.io/v1\",\"kind\":\"X\",\"metadata\":{\"name\":\"a\"},\"spec\":" + specJson + "}");
    }

    static List<String> errors(CrdSchema schema, ObjectNode object) {
        return schema.validate(object, null).stream().map(FieldError::toString).toList();
    }

    static List<String> errors(CrdSchema schema, ObjectNode object, ObjectNode old) {
        return schema.validate(object, old).stream().map(FieldError::toString).toList();
    }
}
