package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode spliced(String body, long rv) throws Exception {
        byte[] out = StoredJson.withResourceVersion(body.getBytes(StandardCharsets.UTF_8), rv);
        return out == null ? null : MAPPER.readTree(out);
    }

    @Test
    void theResourceVersionGoesIntoTheTopLevelMetadataOnly() throws Exception {
        String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}}}},"
                + "\"metadata\":{\"name\":\"p\",\"labels\":{\"metadata\":\"x\"},\"managedFields\":[{\"manager\":\"m\"}]},"
                + "\"status\":{\"phase\":\"Running\"}}";
        JsonNode expected = MAPPER.readTree(pod);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("metadata")).put("resourceVersion", "42");
        assertEquals(expected, spliced(pod, 42));
        assertEquals(MAPPER.readTree("{\"metadata\":{\"resourceVersion\":\"7\"},\"kind\":\"X\"}"),
                spliced(" {\"metadata\" : { } ,\"kind\":\"X\"}", 7), "an empty metadata, whitespace");
        assertEquals(MAPPER.readTree("{\"metadata\":{\"resourceVersion\":\"1\",\"name\":\"é\"}}"),
                spliced("{\"metadata\":{\"name\":\"é\"}}", 1), "offsets count bytes, not characters");
    }

    @Test
    void anythingUnusualIsLeftToTheTreePath() throws Exception {
        assertNull(spliced("{\"metadata\":{\"resourceVersion\":\"3\"}}", 4), "already carries one");
        assertNull(spliced("{\"kind\":\"X\"}", 4), "no metadata");
        assertNull(spliced("{\"metadata\":null}", 4));
        assertNull(spliced("[1,2]", 4));
        assertNull(spliced("{\"metadata\":{\"name\":", 4), "truncated");
    }
}
