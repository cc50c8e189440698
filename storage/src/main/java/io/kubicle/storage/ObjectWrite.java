package io.kubicle.storage;

import java.util.List;
import java.util.Map;

/**
 * What a caller hands to create or update: everything but the revision, which the store assigns
 * inside the write transaction. {@code owners} are the uids of the objects this one depends on
 * (Kubernetes ownerReferences), indexed for {@link Store#dependents}.
 */
public record ObjectWrite(ObjectKey key, String uid, long generation, Map<String, String> labels, byte[] body,
                          List<String> owners) {

    public ObjectWrite {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    public ObjectWrite(ObjectKey key, String uid, long generation, Map<String, String> labels, byte[] body) {
        this(key, uid, generation, labels, body, List.of());
    }
}
