package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Swagger 2.0 document kube-apiserver serves at {@code /openapi/v2}, built from the OpenAPI v3
 * documents a workspace serves, in both of its encodings. Immutable; building one takes about a
 * second and tens of MB transiently (so do it off the event loop, once per set of documents).
 *
 * @param json the document as JSON
 * @param protobuf the document as gnostic's openapi.v2.Document protobuf
 * @param etag quoted upper-case hex SHA-512 of the JSON, as kube-apiserver's ETag
 */
public record SwaggerV2(byte[] json, byte[] protobuf, String etag) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds the 2.0 document of every document {@code openapi} serves. */
    public static SwaggerV2 of(OpenApiV3 openapi) {
        List<JsonNode> documents = new ArrayList<>();
        try {
            for (String key : openapi.groupVersionPaths()) {
                documents.add(JSON.readTree(openapi.document(key).orElseThrow()));
            }
            JsonNode doc = SwaggerV2Converter.convert(documents);
            byte[] json = JSON.writeValueAsBytes(doc);
            return new SwaggerV2(json, SwaggerV2Proto.encode(doc), "\"" + sha512(json) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What identifies the documents {@code openapi} serves (their keys and hashes): equal keys, equal
     * 2.0 document. Cheap, unlike building it.
     */
    public static String sourceKey(OpenApiV3 openapi) {
        StringBuilder key = new StringBuilder();
        for (String path : openapi.groupVersionPaths()) {
            key.append(path).append('=').append(openapi.hash(path)).append('\n');
        }
        return sha512(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
