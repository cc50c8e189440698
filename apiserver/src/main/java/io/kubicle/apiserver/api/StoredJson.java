package io.kubicle.apiserver.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A stored body as clients see it, made by splicing bytes instead of parsing the object into a tree and writing it
 * out again: the store keeps bodies without {@code metadata.resourceVersion}, which every answer must carry. Every
 * watch event paid a parse and a serialization of the whole object per watcher for that one field.
 */
final class StoredJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StoredJson() {
    }

    /**
     * The body with {@code "resourceVersion":"<rv>"} first in its top-level metadata; null when the body is not an
     * object with a metadata object, or already has a resourceVersion there (the caller then takes the tree path).
     */
    static byte[] withResourceVersion(byte[] body, long resourceVersion) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("metadata")) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_OBJECT) {
                    return null;
                }
                long open = parser.currentTokenLocation().getByteOffset();
                boolean empty = true;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    empty = false;
                    if (parser.currentName().equals("resourceVersion")) {
                        return null;
                    }
                    parser.nextToken();
                    parser.skipChildren();
                }
                if (open < 0 || open >= body.length || body[(int) open] != '{') {
                    return null;
                }
                byte[] inserted = ("\"resourceVersion\":\"" + resourceVersion + "\"" + (empty ? "" : ","))
                        .getBytes(StandardCharsets.US_ASCII);
                int at = (int) open + 1;
                byte[] out = new byte[body.length + inserted.length];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(inserted, 0, out, at, inserted.length);
                System.arraycopy(body, at, out, at + inserted.length, body.length - at);
                return out;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
