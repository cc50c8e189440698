package io.kubicle.storage;

import java.util.List;

/**
 * What a new workspace starts with, written in the same transaction as the workspace row: its own
 * objects (system namespaces, default policy, or a blueprint's copy) and records about it kept in other
 * workspaces (its {@code Workspace} object in root, its credentials). Keys of {@code objects} carry the
 * new workspace's id, which is why callers build the seed from the id the store hands them.
 */
public record WorkspaceSeed(List<ObjectWrite> objects, List<ObjectWrite> records) {
    public WorkspaceSeed {
        objects = List.copyOf(objects);
        records = List.copyOf(records);
    }

    public static WorkspaceSeed empty() {
        return new WorkspaceSeed(List.of(), List.of());
    }
}
