package io.kubicle.storage;

import io.vertx.core.Future;

/**
 * The object store of every workspace. Knows keys, labels, revisions and opaque JSON bodies;
 * nothing of HTTP or Kubernetes kinds.
 *
 * <p>Revisions: each workspace has one counter. Every successful write takes the next value inside
 * its transaction, so a workspace's revisions are gap-free and ordered as the writes committed.
 * Failed writes consume nothing.
 *
 * <p>Every future fails only with a {@link StorageException}.
 */
public interface Store {

    /**
     * Creates an object. Fails with {@link StorageException.AlreadyExists} when the key is taken,
     * {@link StorageException.NotFound} when the workspace does not exist.
     */
    Future<StoredObject> create(ObjectWrite write);

    /** Reads the current state of one object, or fails with {@link StorageException.NotFound}. */
    Future<StoredObject> get(ObjectKey key);

    /**
     * Replaces an object when the preconditions hold under its row lock (compare-and-swap on
     * resourceVersion). Fails with {@link StorageException.Conflict} when they do not and
     * {@link StorageException.NotFound} when the object is gone. The uid of the write is ignored:
     * an object keeps its uid for life.
     */
    Future<StoredObject> update(ObjectWrite write, Preconditions preconditions);

    /**
     * Deletes an object when the preconditions hold and returns its last state, carrying the
     * revision of the deletion.
     */
    Future<StoredObject> delete(ObjectKey key, Preconditions preconditions);

    /**
     * Lists a scope in key order (namespace, name). With a limit, the result carries a continue
     * token; following it reads the next page as of the first page's revision, however the objects
     * changed since. A token older than the retained history fails with {@link StorageException.Expired};
     * a malformed one with {@link StorageException.InvalidArgument}.
     */
    Future<ListResult> list(ListRequest request);

    /**
     * Streams the changes of a scope after {@code request.fromRevision()}: first the retained
     * history in revision order, then live changes. Fails with {@link StorageException.Expired}
     * when that revision has been compacted. Changes made by other processes on the same database
     * arrive too (within about a second).
     */
    Future<Watch> watch(WatchRequest request, WatchListener listener);

    /**
     * The objects of a workspace whose owners include {@code ownerUid}, in any resource and
     * namespace: what the garbage collector must look at when that owner goes.
     */
    Future<java.util.List<StoredObject>> dependents(long workspaceId, String ownerUid);

    /** The workspace's latest committed revision. */
    Future<Long> currentRevision(long workspaceId);
}
