package io.kubicle.storage;

/**
 * Where one object lives: a workspace, then (group, resource, namespace, name). Cluster-scoped
 * objects use the empty namespace; the core group is the empty group.
 *
 * <p>The store checks keys before touching the database so that a malformed key is an
 * {@link StorageException.InvalidArgument} naming the bad part, never a SQL error.
 */
public record ObjectKey(long workspaceId, String group, String resource, String namespace, String name) {

    /** Longest name Kubernetes accepts for any object (DNS subdomain). */
    public static final int MAX_NAME_LENGTH = 253;

    public ObjectKey {
        group = group == null ? "" : group;
        namespace = namespace == null ? "" : namespace;
    }

    /** The scope this object belongs to when listing its namespace. */
    public ResourceScope scope() {
        return new ResourceScope(workspaceId, group, resource, namespace);
    }

    /** Throws {@link StorageException.InvalidArgument} when any part of the key cannot be stored. */
    public ObjectKey validate() {
        scope().validate();
        if (name == null || name.isEmpty()) {
            throw new StorageException.InvalidArgument("object name must not be empty");
        }
        KeyParts.checkSegment("name", name, MAX_NAME_LENGTH);
        return this;
    }

    /** Stable text form; also the additional authenticated data for encrypted bodies. */
    @Override
    public String toString() {
        return workspaceId + "/" + group + "/" + resource + "/" + namespace + "/" + name;
    }
}
