package io.kubicle.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.UUID;

/** Turns stored columns into values and back: labels as JSON text, bodies sealed when policy says so. */
final class RowCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final StoreOptions options;

    RowCodec(StoreOptions options) {
        this.options = options;
    }

    /** A body as it goes into a row. */
    record SealedBody(Buffer bytes, String keyId) {
    }

    SealedBody seal(ObjectKey key, byte[] body) {
        if (!options.encrypts(key.group(), key.resource())) {
            return new SealedBody(Buffer.buffer(body), null);
        }
        EncryptionKeys keys = options.keys();
        return new SealedBody(Buffer.buffer(keys.encrypt(body, key.toString())), keys.primaryId());
    }

    byte[] open(ObjectKey key, Buffer stored, String keyId) {
        byte[] bytes = stored.getBytes();
        if (keyId == null) {
            return bytes;
        }
        if (options.keys() == null) {
            throw new StorageException.Unavailable("body of " + key + " is encrypted with key \"" + keyId
                    + "\" but no encryption key file is configured", null);
        }
        return options.keys().decrypt(keyId, bytes, key.toString());
    }

    static String labelsJson(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "{}";
        }
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> labels(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new StorageException.Unavailable("labels column holds invalid JSON: " + json, e);
        }
    }

    static UUID uuid(String uid) {
        try {
            return UUID.fromString(uid);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StorageException.InvalidArgument("uid must be a UUID, got \"" + uid + "\"");
        }
    }
}
