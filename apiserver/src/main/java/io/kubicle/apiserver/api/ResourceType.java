package io.kubicle.apiserver.api;

import java.util.List;

/**
 * One row of the resource catalog: a resource as discovery shows it and as the generic REST
 * handler serves it. Built-in kinds come from {@link BuiltinResources}; CRDs add rows per workspace.
 *
 * @param group API group, "" for the core group
 * @param version served version, e.g. "v1"
 * @param resource plural lower-case name used in URLs, e.g. "deployments"
 * @param kind the kind, e.g. "Deployment"
 * @param singular singular lower-case name, e.g. "deployment"
 * @param namespaced whether objects live in namespaces
 * @param verbs the verbs discovery lists (get, list, watch, create, update, patch, delete, deletecollection)
 * @param shortNames e.g. ["deploy"]
 * @param categories e.g. ["all"]
 * @param subresources e.g. ["status", "scale"]
 */
public record ResourceType(String group, String version, String resource, String kind, String singular,
                           boolean namespaced, List<String> verbs, List<String> shortNames, List<String> categories,
                           List<String> subresources) {

    /** The usual verbs of a stored resource. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        group = group == null ? "" : group;
        verbs = List.copyOf(verbs);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** "v1" for the core group, "apps/v1" otherwise: the apiVersion of objects of this type. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    /** "deployments.apps" or "pods": how kube-apiserver names the resource in messages. */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
