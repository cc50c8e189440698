package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Workspaces;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tenancy.kubicle.io/v1alpha1 Workspace in the root workspace: creating one makes
 * {@code /clusters/<name>} usable at once (system namespaces included); deleting one removes
 * everything in it; the kubeconfig subresource hands out an admin kubeconfig for it.
 */
public final class WorkspaceResource {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceResource.class);
    public static final String ROOT = "root";

    private final Store store;
    private final Workspaces workspaces;
    private final WorkspaceDirectory directory;
    private final NamespaceGuard namespaces;
    private final Clock clock;
    private final Supplier<String> serverUrl;
    private final Function<String, String> kubeconfigFor;

    public WorkspaceResource(Store store, Workspaces workspaces, WorkspaceDirectory directory, NamespaceGuard namespaces,
                             Clock clock, Supplier<String> serverUrl, Function<String, String> kubeconfigFor) {
        this.store = store;
        this.workspaces = workspaces;
        this.directory = directory;
        this.namespaces = namespaces;
        this.clock = clock;
        this.serverUrl = serverUrl;
        this.kubeconfigFor = kubeconfigFor;
    }

    public static boolean handles(ResourceType type) {
        return type.group().equals("tenancy.kubicle.io") && type.resource().equals("workspaces");
    }

    public Future<ObjectNode> create(ApiCall call, ObjectNode object) {
        ObjectLifecycle.prepareCreate(object, call.type(), "", clock.instant());
        ObjectWrites.admit(object, null, call.type(), call.strategy());
        String name = Json.text(Json.metadata(object), "name");
        if (name.equals(ROOT)) {
            return Future.failedFuture(Statuses.alreadyExists(call.type().group(), call.type().resource(), name));
        }
        ObjectNode status = object.putObject("status");
        status.put("phase", "Ready").put("url", serverUrl.get() + "/clusters/" + name);
        if (call.dryRun()) {
            return Future.succeededFuture(object);
        }
        String spec = object.has("spec") ? Json.string(object.get("spec")) : "{}";
        return workspaces.createWorkspace(name, spec)
                .recover(e -> Future.failedFuture(e instanceof StorageException.AlreadyExists
                        ? Statuses.alreadyExists(call.type().group(), call.type().resource(), name) : e))
                .compose(ws -> namespaces.bootstrapWorkspace(ws.id())
                        .compose(v -> store.create(ObjectWrites.toWrite(call.key(name), object)))
                        .recover(e -> {
                            LOG.warn("workspace {} could not be completed; removing it", name, e);
                            return workspaces.deleteWorkspace(name).transform(x -> Future.failedFuture(e));
                        }))
                .map(ObjectHandler::visible);
    }

    public Future<ObjectNode> delete(ApiCall call) {
        String name = call.info().name();
        if (name.equals(ROOT)) {
            throw Statuses.forbidden("workspaces.tenancy.kubicle.io \"root\" is forbidden: the root workspace may not be deleted");
        }
        ObjectKey key = call.key(name);
        return store.get(key).recover(e -> Future.failedFuture(ObjectWrites.translate(e, call.type(), name)))
                .compose(stored -> call.dryRun() ? Future.succeededFuture(ObjectHandler.visible(stored))
                        : workspaces.deleteWorkspace(name)
                        .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture() : Future.failedFuture(e))
                        .compose(v -> {
                            directory.forget(name);
                            return store.delete(key, io.kubicle.storage.Preconditions.NONE);
                        })
                        .map(ObjectHandler::visible));
    }

    /** GET workspaces/{name}/kubeconfig: an admin kubeconfig for that workspace, as YAML. */
    public Future<String> kubeconfig(ApiCall call) {
        String name = call.info().name();
        return directory.resolve(name).map(id -> kubeconfigFor.apply(name));
    }
}
