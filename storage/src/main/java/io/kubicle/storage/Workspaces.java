package io.kubicle.storage;

import io.vertx.core.Future;
import java.util.List;

/** Creates, finds and removes workspaces. Removing one removes every object and event in it. */
public interface Workspaces {

    /** Creates a workspace with an empty history; fails with {@link StorageException.AlreadyExists}. */
    Future<Workspace> createWorkspace(String name, String specJson);

    /**
     * Creates a workspace and everything {@code seed} says it starts with, in one transaction: either
     * the workspace exists with all its objects and records, or nothing was written.
     */
    Future<CreatedWorkspace> createWorkspace(String name, String specJson,
                                             java.util.function.Function<Workspace, WorkspaceSeed> seed);

    /** Every object of a workspace, in key order (blueprints copy them). */
    Future<List<StoredObject>> contents(long workspaceId);

    /**
     * Deletes a workspace with all it holds and, in the same transaction, the given records kept about
     * it elsewhere; yields the records as they were. Fails with {@link StorageException.NotFound}.
     */
    Future<List<StoredObject>> deleteWorkspace(String name, List<ObjectKey> records);

    /** Merges {@code statusJson} (an object) into the workspace row's status; yields the row after. */
    Future<Workspace> mergeWorkspaceStatus(String name, String statusJson);

    /** Creates the workspace unless it exists, and returns it either way. */
    Future<Workspace> ensureWorkspace(String name);

    /** Finds a workspace by name or fails with {@link StorageException.NotFound}. */
    Future<Workspace> getWorkspace(String name);

    Future<List<Workspace>> listWorkspaces();

    /** Deletes a workspace and all it holds; fails with {@link StorageException.NotFound}. */
    Future<Void> deleteWorkspace(String name);
}
