package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.proto.Meta;
import io.kubicle.apiserver.ApiError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {
    @Test
    void deleteOptionsArriveAsProtobufFromTypedClients() {
        // helm purges its release Secrets through client-go's typed client, which sends this envelope
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder().setPropagationPolicy("Foreground")
            .setPreconditions(Meta.Preconditions.newBuilder().setUid("u-1")).build();
        ObjectNode decoded = Bodies.decodeOptions("application/vnd.kubernetes.protobuf",
            ProtobufBodiesTest.envelope("v1", "DeleteOptions", options));
        assertEquals("Foreground", decoded.path("propagationPolicy").asText());
        assertEquals("u-1", decoded.at("/preconditions/uid").asText());
    }

    @Test
    void deleteOptionsAsJsonOrAbsent() {
        byte[] json = "{\"kind\":\"DeleteOptions\",\"dryRun\":[\"All\"]}".getBytes(StandardCharsets.UTF_8);
        assertEquals("All", Bodies.decodeOptions("application/json", json).at("/dryRun/0").asText());
        assertEquals("All", Bodies.decodeOptions(null, json).at("/dryRun/0").asText());
        assertNull(Bodies.decodeOptions("application/vnd.kubernetes.protobuf", new byte[0]));
    }

    @Test
    void garbageOptionsAreABadRequest() {
        ApiError e = assertThrows(ApiError.class, () -> Bodies.decodeOptions("application/vnd.kubernetes.protobuf",
            "{\"kind\":\"DeleteOptions\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
    }

    @Test
    void applyBodiesMayBeJsonFlowStyleYamlOrBlockYaml() {
        String[] bodies = {
            "  {\"kind\":\"ConfigMap\",\"data\":{\"a\":\"1\"}}",
            "{kind: ConfigMap, data: {a: '1'}}",
            "{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"0\",\"a\":\"1\"}}", // a repeated key: the last wins, as in YAML
            "kind: ConfigMap\ndata:\n  a: \"1\"\n"};
        for (String body : bodies) {
            var tree = Bodies.parseYaml(body.getBytes(StandardCharsets.UTF_8));
            assertEquals("ConfigMap", tree.path("kind").asText(), body);
            assertEquals("1", tree.at("/data/a").asText(), body);
        }
        ApiError e = assertThrows(ApiError.class, () -> Bodies.parseYaml("{kind: [".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }
}
