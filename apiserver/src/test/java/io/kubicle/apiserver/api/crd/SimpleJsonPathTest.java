package io.kubicle.apiserver.api.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SimpleJsonPathTest {
    private final JsonNode doc = read("{\"spec\":{\"a.b\":1,\"items\":[{\"n\":\"x\"},{\"n\":\"y\",\"v\":2}]},"
            + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void followsFieldsIndexesFiltersAndWildcards() {
        assertEquals("x", SimpleJsonPath.parse(".spec.items[0].n").first(doc).asText());
        assertEquals("y", SimpleJsonPath.parse("{.spec.items[-1].n}").first(doc).asText());
        assertEquals(2, SimpleJsonPath.parse(".spec.items[*].v").first(doc).asInt());
        assertEquals(1, SimpleJsonPath.parse(".spec['a.b']").first(doc).asInt());
        assertEquals("True", SimpleJsonPath.parse(".status.conditions[?(@.type==\"Ready\")].status").first(doc).asText());
        assertNull(SimpleJsonPath.parse(".status.conditions[?(@.type==\"Gone\")].status").first(doc));
        assertNull(SimpleJsonPath.parse(".spec.missing.deeper").first(doc));
    }
}
