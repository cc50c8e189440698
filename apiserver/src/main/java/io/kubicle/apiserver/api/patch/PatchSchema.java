package io.kubicle.apiserver.api.patch;

import java.util.List;

/**
 * What strategic merge patch and server-side apply need to know about a kind beyond its JSON: how
 * each list merges (Kubernetes' {@code patchStrategy}/{@code patchMergeKey} struct tags and
 * {@code +listType}/{@code +listMapKey} markers) and which objects are atomic.
 *
 * <p>A path is the list of field names from the object root with list positions left out, so the
 * env of every container of a Deployment is {@code ["spec","template","spec","containers","env"]}.
 * An element of a list is described by the list's own path.
 */
public interface PatchSchema {

    /** Everything atomic: lists are replaced and owned as a whole. Strategic merge on such kinds is a 415 in kube. */
    PatchSchema NONE = path -> null;

    /**
     * How the list at {@code path} merges, or null when it is atomic (a patch or apply replaces it).
     */
    ListMerge listMerge(List<String> path);

    /**
     * True when the object at {@code path} is a {@code +structType=atomic} struct such as a
     * LabelSelector: server-side apply owns and replaces it as a whole. Strategic merge ignores this.
     */
    default boolean atomicObject(List<String> path) {
        return false;
    }

    /**
     * True when the field at {@code path} exists (possibly null) even in an empty object of the kind
     * because it is a non-pointer Go struct or a required list ({@code spec}, {@code metadata},
     * {@code spec.template.spec.containers}...). Kubernetes then never records ownership of the field
     * itself ({@code "."}) when an Update creates it; used only for {@code managedFields} fidelity.
     */
    default boolean alwaysPresent(List<String> path) {
        return path.size() == 1 && List.of("metadata", "spec", "status").contains(path.get(0));
    }

    /**
     * The table for a built-in kind (core, apps, batch, policy...). Kinds it does not know get the
     * ObjectMeta rules only, as custom resources do.
     *
     * @param group "" for the core group
     */
    static PatchSchema forKind(String group, String kind) {
        return KubeSchema.forKind(group, kind);
    }

    /** ObjectMeta's rules (finalizers as a set, ownerReferences keyed by uid), everything else atomic. */
    static PatchSchema forCustomResource() {
        return KubeSchema.forKind("", "");
    }

    /**
     * How a list merges.
     *
     * @param strategy the patchStrategy tag: "merge", "merge,retainKeys", or "replace"
     * @param mergeKey the patchMergeKey (null for lists of primitives, which merge as sets)
     * @param keys the server-side apply list-map keys ({@code +listMapKey}), usually just the merge key
     */
    record ListMerge(String strategy, String mergeKey, List<String> keys) {
        public ListMerge {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        public ListMerge(String strategy, String mergeKey) {
            this(strategy, mergeKey, mergeKey == null ? List.of() : List.of(mergeKey));
        }

        /** A list of objects merged by {@code mergeKey}; apply keys by {@code mergeKey} plus {@code moreKeys}. */
        public static ListMerge byKey(String mergeKey, String... moreKeys) {
            List<String> keys = new java.util.ArrayList<>(List.of(mergeKey));
            keys.addAll(List.of(moreKeys));
            return new ListMerge("merge", mergeKey, keys);
        }

        /** A list of primitives merged as a set (metadata.finalizers). */
        public static ListMerge set() {
            return new ListMerge("merge", null, List.of());
        }

        /** True when strategic merge merges this list rather than replacing it. */
        public boolean merges() {
            return strategy != null && List.of(strategy.split(",")).contains("merge");
        }

        /** The value server-side apply assumes for a missing key field (protocol defaults to TCP). */
        public static com.fasterxml.jackson.databind.JsonNode keyDefault(String key) {
            return "protocol".equals(key) ? Json.NODES.textNode("TCP") : null;
        }
    }
}
