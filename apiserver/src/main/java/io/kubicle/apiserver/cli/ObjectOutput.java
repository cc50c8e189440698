package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;

/** The {@code -o} formats of {@code ws get} and {@code ws list}, written as kubectl writes them. */
final class ObjectOutput {
    static final List<String> FORMATS = List.of("json", "yaml", "name");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    private ObjectOutput() {
    }

    /** The object (or list) in {@code format}, ending with a newline. */
    static String format(JsonNode object, String format) {
        try {
            return switch (format) {
                case "json" -> JSON.writeValueAsString(object) + "\n";
                case "yaml" -> YAML.writeValueAsString(object);
                case "name" -> names(object);
                default -> throw new IllegalArgumentException("unknown output format " + format);
            };
        } catch (JsonProcessingException e) {
            throw new CliFailure("cannot render the answer as " + format + ": " + e.getOriginalMessage());
        }
    }

    private static String names(JsonNode object) {
        StringBuilder out = new StringBuilder();
        Iterable<JsonNode> items = object.has("items") ? object.path("items") : List.of(object);
        for (JsonNode item : items) {
            out.append("workspace.tenancy.kubicle.io/").append(item.path("metadata").path("name").asText()).append('\n');
        }
        return out.toString();
    }
}
