package io.kubicle.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque continue token of a paged list: the revision the list is pinned to and the last key
 * returned. Encoded as base64url JSON so that clients treat it as opaque and we can evolve it.
 */
record ContinueToken(long revision, String namespace, String name) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    String encode() {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION).put("rv", revision).put("ns", namespace)
                .put("name", name);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token or throws {@link StorageException.InvalidArgument} saying what is wrong with it. */
    static ContinueToken decode(String token) {
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(token.strip()));
        } catch (Exception e) {
            throw invalid("it is not a token this server issued");
        }
        if (node == null || !node.isObject() || node.path("v").asInt() != VERSION) {
            throw invalid("unsupported token version");
        }
        JsonNode rv = node.get("rv");
        JsonNode ns = node.get("ns");
        JsonNode name = node.get("name");
        if (rv == null || !rv.canConvertToLong() || rv.asLong() <= 0 || ns == null || !ns.isTextual()
                || name == null || !name.isTextual()) {
            throw invalid("required fields are missing or malformed");
        }
        return new ContinueToken(rv.asLong(), ns.asText(), name.asText());
    }

    private static StorageException.InvalidArgument invalid(String why) {
        return new StorageException.InvalidArgument("continue key is not valid: " + why);
    }
}
