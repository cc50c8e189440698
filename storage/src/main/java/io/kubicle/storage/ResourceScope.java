package io.kubicle.storage;

/**
 * A set of objects of one resource in one workspace: either one namespace, or every namespace
 * when {@code namespace} is empty (which is also how cluster-scoped resources are addressed).
 */
public record ResourceScope(long workspaceId, String group, String resource, String namespace) {

    public ResourceScope {
        group = group == null ? "" : group;
        namespace = namespace == null ? "" : namespace;
    }

    public boolean allNamespaces() {
        return namespace.isEmpty();
    }

    public boolean contains(ObjectKey key) {
        return key.workspaceId() == workspaceId && key.group().equals(group) && key.resource().equals(resource)
                && (allNamespaces() || key.namespace().equals(namespace));
    }

    /** Throws {@link StorageException.InvalidArgument} when a part of the scope cannot be stored. */
    public ResourceScope validate() {
        if (workspaceId <= 0) {
            throw new StorageException.InvalidArgument("workspace id must be positive, got " + workspaceId);
        }
        if (resource == null || resource.isEmpty()) {
            throw new StorageException.InvalidArgument("resource must not be empty");
        }
        KeyParts.checkSegment("group", group, 253);
        KeyParts.checkSegment("resource", resource, 253);
        KeyParts.checkSegment("namespace", namespace, 63);
        return this;
    }
}
