package io.kubicle.storage;

import io.vertx.core.Future;
import java.util.List;

/** Creates, finds and removes workspaces. Removing one removes every object and event in it. */
public interface Workspaces {

    /** Creates a workspace with an empty history; fails with {@link StorageException.AlreadyExists}. */
    Future<Workspace> createWorkspace(String name, String specJson);

    /** Creates the workspace unless it exists, and returns it either way. */
    Future<Workspace> ensureWorkspace(String name);

    /** Finds a workspace by name or fails with {@link StorageException.NotFound}. */
    Future<Workspace> getWorkspace(String name);

    Future<List<Workspace>> listWorkspaces();

    /** Deletes a workspace and all it holds; fails with {@link StorageException.NotFound}. */
    Future<Void> deleteWorkspace(String name);
}
