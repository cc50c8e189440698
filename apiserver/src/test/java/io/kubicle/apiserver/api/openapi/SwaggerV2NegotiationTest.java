package io.kubicle.apiserver.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.apiserver.ApiError;
import org.junit.jupiter.api.Test;

class SwaggerV2NegotiationTest {
    @Test
    void clientGoGetsProtobuf() {
        assertTrue(SwaggerV2Negotiation.wantsProtobuf("application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
        assertTrue(SwaggerV2Negotiation.wantsProtobuf("application/com.github.proto-openapi.spec.v2.v1.0+protobuf"));
    }

    @Test
    void jsonByDefault() {
        assertFalse(SwaggerV2Negotiation.wantsProtobuf(null));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf(""));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf("*/*"));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf("application/json, */*"));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf("application/*"));
    }

    @Test
    void qualityDecides() {
        assertTrue(SwaggerV2Negotiation.wantsProtobuf(
                "application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf(
                "application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.1, application/json"));
        assertFalse(SwaggerV2Negotiation.wantsProtobuf(
                "application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0, application/json"));
    }

    @Test
    void nothingAcceptableIs406() {
        ApiError error = assertThrows(ApiError.class, () -> SwaggerV2Negotiation.wantsProtobuf("application/yaml"));
        assertEquals(406, error.code());
    }
}
