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

    /**
     * Whether the body holds {@code needle} anywhere (true without a body): a scan instead of a parse, for callers that
     * only need to rule a field value out, e.g. {@code "phase":"Failed"} cannot be there as a JSON member when absent.
     */
    public boolean bodyContains(byte[] needle) {
        if (body == null) {
            return true;
        }
        outer:
        for (int i = 0, last = body.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
