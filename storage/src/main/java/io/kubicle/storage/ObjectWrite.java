package io.kubicle.storage;

import java.util.Map;

/**
 * What a caller hands to create or update: everything but the revision, which the store assigns
 * inside the write transaction.
 */
public record ObjectWrite(ObjectKey key, String uid, long generation, Map<String, String> labels, byte[] body) {

    public ObjectWrite {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
