package io.kubicle.apiserver.api.patch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helpers: JSON from text, and JSON equality with readable failures. */
final class TestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode obj(String text) {
        return (ObjectNode) json(text);
    }

    static void assertJson(String expected, JsonNode actual) {
        JsonNode want = json(expected);
        assertTrue(Json.same(want, actual), () -> "expected " + want + "\n but got " + actual);
    }
}
