package io.kubicle.apiserver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns request bodies into JSON trees: JSON, YAML and the Kubernetes protobuf envelope, by
 * Content-Type. Everything a client can get wrong here is a 4xx with the reason.
 */
public final class Bodies {
    /** kube-apiserver refuses bodies over 3 MiB. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Reads a body that repeats keys as Go's encoding/json does: the last value wins. */
    private static final ObjectReader LAST_WINS =
            Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Bodies() {
    }

    /** The media type without parameters, lower case; "application/json" when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** Decodes an object body (create, update). */
    public static ObjectNode decodeObject(String contentType, byte[] body) {
        return decodeObject(contentType, body, duplicates -> { });
    }

    /**
     * Decodes an object body (create, update); a JSON body that repeats keys decodes as kube's does (the
     * last value wins), and {@code duplicates} gets their paths (see {@link DuplicateFields}).
     */
    public static ObjectNode decodeObject(String contentType, byte[] body, Consumer<Set<String>> duplicates) {
        String media = mediaType(contentType);
        if (ProtobufBodies.isProtobuf(media)) {
            try {
                return ProtobufBodies.decode(body);
            } catch (IllegalArgumentException e) {
                throw Statuses.badRequest("the body of the request was in an unknown format: " + e.getMessage());
            }
        }
        JsonNode tree = switch (media) {
            case "application/json", "application/merge-patch+json", "application/strategic-merge-patch+json" ->
                    parseJson(body, duplicates);
            case "application/yaml", "application/apply-patch+yaml", "text/yaml", "application/x-yaml" -> parseYaml(body);
            default -> throw unsupportedMediaType(media);
        };
        if (!(tree instanceof ObjectNode object)) {
            throw Statuses.badRequest("the body of the request must be a JSON object, got " + describe(tree));
        }
        return object;
    }

    /**
     * Decodes an optional options body (DeleteOptions on DELETE); null when there is none. client-go's
     * typed clients (helm's release storage among them) send DeleteOptions as protobuf, kubectl as JSON.
     */
    public static ObjectNode decodeOptions(String contentType, byte[] body) {
        return body.length == 0 ? null : decodeObject(contentType, body);
    }

    public static JsonNode parseJson(byte[] body) {
        return parseJson(body, duplicates -> { });
    }

    /** Parses JSON; repeated keys keep their last value, and {@code duplicates} gets their paths. */
    public static JsonNode parseJson(byte[] body, Consumer<Set<String>> duplicates) {
        if (body.length == 0) {
            throw Statuses.badRequest("the body of the request is empty; send a JSON object");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (MismatchedInputException e) {
            if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                throw Statuses.badRequest("the body of the request is not valid JSON: " + e.getOriginalMessage());
            }
            duplicates.accept(DuplicateFields.in(body));
            return parseLastWins(body);
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("the body of the request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("the body of the request could not be read: " + e.getMessage());
        }
    }

    private static JsonNode parseLastWins(byte[] body) {
        try {
            return LAST_WINS.readTree(body);
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("the body of the request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("the body of the request could not be read: " + e.getMessage());
        }
    }

    public static JsonNode parseYaml(byte[] body) {
        if (body.length == 0) {
            throw Statuses.badRequest("the body of the request is empty; send a YAML or JSON object");
        }
        if (startsLikeJson(body)) {
            // JSON is YAML, and what clients send as apply-patch+yaml usually is JSON (fabric8, client-go's typed
            // appliers): the JSON parser reads it several times faster. Flow-style YAML and repeated keys fall through.
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                // not strict JSON: the YAML parser decides
            }
        }
        try {
            JsonNode tree = YAML.readTree(body);
            return tree == null ? Json.MAPPER.missingNode() : tree;
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("the body of the request is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("the body of the request could not be read: " + e.getMessage());
        }
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    public static ApiError unsupportedMediaType(String media) {
        return Statuses.unsupportedMediaType("the body of the request was in an unknown format - accepted media types"
                + " include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got " + media + ")");
    }

    private static String describe(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            return "nothing";
        }
        return tree.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
