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
        if (body == null || needle.length == 0) {
            return true;
        }
        // anchored on the needle's second byte: the first is mostly a quote, which JSON is full of
        int anchorAt = needle.length > 1 ? 1 : 0;
        byte anchor = needle[anchorAt];
        for (int i = anchorAt, last = body.length - needle.length + anchorAt; i <= last; i++) {
            if (body[i] == anchor && java.util.Arrays.equals(body, i - anchorAt, i - anchorAt + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
