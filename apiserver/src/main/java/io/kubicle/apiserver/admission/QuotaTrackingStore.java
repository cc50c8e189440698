package io.kubicle.apiserver.admission;

import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ForwardingStore;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The store as the API handlers use it, telling the quota controller about every change that can
 * lower usage or change a limit: deletes (the garbage collector's and namespace termination's too),
 * pods reaching a terminal phase, ResourceQuota and Workspace writes.
 */
final class QuotaTrackingStore extends ForwardingStore {
    private final QuotaController controller;
    private final WorkspacePolicies policies;
    private final Function<Long, Future<String>> workspaceNames;

    QuotaTrackingStore(Store store, QuotaController controller, WorkspacePolicies policies,
                       Function<Long, Future<String>> workspaceNames) {
        super(store);
        this.controller = controller;
        this.policies = policies;
        this.workspaceNames = workspaceNames;
    }

    @Override
    public Future<StoredObject> create(ObjectWrite write) {
        return delegate.create(write).onSuccess(this::written);
    }

    @Override
    public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
        return delegate.update(write, preconditions).onSuccess(stored -> {
            written(stored);
            if (stored.key().group().isEmpty() && stored.key().resource().equals("pods") && mayBeTerminal(stored)
                    && QuotaUsage.terminal(Json.parseStored(stored.body()))) {
                released(stored.key());
            }
        });
    }

    private static final byte[] SUCCEEDED = "\"phase\":\"Succeeded\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FAILED = "\"phase\":\"Failed\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A scan before the parse: nearly every pod write (a status update of a running pod) is not terminal. */
    private static boolean mayBeTerminal(StoredObject pod) {
        return pod.bodyContains(SUCCEEDED) || pod.bodyContains(FAILED);
    }

    @Override
    public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
        return delegate.delete(key, preconditions).onSuccess(deleted -> {
            if (QuotaController.isWorkspace(key)) {
                policies.forget(key.name());
            } else if (!QuotaController.isResourceQuota(key)) {
                released(key);
            }
        });
    }

    private void written(StoredObject stored) {
        ObjectKey key = stored.key();
        if (QuotaController.isResourceQuota(key)) {
            controller.schedule(key);
        } else if (QuotaController.isWorkspace(key)) {
            policies.forget(key.name());
            controller.schedule(key);
        } else if (key.group().isEmpty() && key.resource().equals("namespaces")) {
            // a new namespace brings objects of its own (ServiceAccount, root CA ConfigMap) past admission
            workspaceChanged(key.workspaceId());
        }
    }

    /** Something in {@code key}'s namespace and workspace may use less now: recount what limits it. */
    private void released(ObjectKey key) {
        controller.namespaceChanged(key.workspaceId(), key.namespace());
        workspaceChanged(key.workspaceId());
    }

    private record WorkspaceRef(long id) {
    }

    private void workspaceChanged(long workspaceId) {
        controller.debounce(new WorkspaceRef(workspaceId), () -> workspaceNames.apply(workspaceId)
                .compose(name -> policies.of(workspaceId, name).compose(policy -> policy.hasQuota()
                        ? controller.workspaceKey(name).onSuccess(controller::schedule) : Future.succeededFuture())));
    }
}
