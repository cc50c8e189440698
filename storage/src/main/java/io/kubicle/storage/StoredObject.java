package io.kubicle.storage;

import java.util.Map;

/**
 * One object as the store holds it. {@code body} is the opaque JSON the API server validated;
 * the store never parses it. {@code resourceVersion} is the workspace revision of the last write.
 */
public record StoredObject(ObjectKey key, String uid, long resourceVersion, long generation,
                           Map<String, String> labels, byte[] body) {

    public StoredObject {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
