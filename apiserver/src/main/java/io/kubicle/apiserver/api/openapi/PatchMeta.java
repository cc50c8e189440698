package io.kubicle.apiserver.api.openapi;

import java.util.Arrays;
import java.util.List;

/**
 * How strategic merge patch and server-side apply treat one field, as the OpenAPI schema says.
 * Absent values are "" (never null), so callers compare without null checks.
 *
 * @param type the field's OpenAPI type: "array", "object", "string", ...; "object" for a $ref
 * @param patchStrategy {@code x-kubernetes-patch-strategy}: "merge", "replace", "retainKeys",
 *     "merge,retainKeys" or ""
 * @param patchMergeKey {@code x-kubernetes-patch-merge-key}, e.g. "name" for containers, or ""
 * @param listType {@code x-kubernetes-list-type}: "atomic", "set", "map" or ""
 * @param listMapKeys {@code x-kubernetes-list-map-keys}, e.g. ["port", "protocol"] for Service ports
 */
public record PatchMeta(String type, String patchStrategy, String patchMergeKey, String listType,
                        List<String> listMapKeys) {

    public PatchMeta {
        type = type == null ? "" : type;
        patchStrategy = patchStrategy == null ? "" : patchStrategy;
        patchMergeKey = patchMergeKey == null ? "" : patchMergeKey;
        listType = listType == null ? "" : listType;
        listMapKeys = listMapKeys == null ? List.of() : List.copyOf(listMapKeys);
    }

    /** Whether the field is a list. */
    public boolean isList() {
        return "array".equals(type);
    }

    /** Whether strategic merge patch merges this list by {@link #patchMergeKey()}. */
    public boolean merges() {
        return strategies().contains("merge");
    }

    /** Whether strategic merge patch drops keys that the patch does not mention ("retainKeys"). */
    public boolean retainsKeys() {
        return strategies().contains("retainKeys");
    }

    private List<String> strategies() {
        return patchStrategy.isEmpty() ? List.of() : Arrays.asList(patchStrategy.split(","));
    }
}
