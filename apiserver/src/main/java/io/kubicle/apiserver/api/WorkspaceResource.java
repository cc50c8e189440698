package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.tenancy.WorkspaceCredentials;
import io.kubicle.storage.CreatedWorkspace;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Workspaces;
import io.kubicle.storage.WorkspaceSeed;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * tenancy.kubicle.io/v1alpha1 Workspace in the root workspace. Creating one writes the workspace, its
 * first objects (the system namespaces and default policy, or a copy of a blueprint) and its Workspace
 * object in one transaction, so {@code /clusters/<name>} is complete the moment the create returns;
 * deleting one removes everything in it in one transaction too. The kubeconfig subresource issues
 * client certificates of the workspace's own CA.
 */
public final class WorkspaceResource {
    public static final String ROOT = "root";

    private final io.kubicle.storage.Store store;
    private final Workspaces workspaces;
    private final WorkspaceDirectory directory;
    private final LongFunction<List<ObjectWrite>> template;
    private final WorkspaceCredentials credentials;
    private final Clock clock;
    private final Supplier<String> serverUrl;
    private final RequestTelemetry telemetry;
    private final Consumer<List<ObjectKey>> seeded;

    /**
     * @param template the objects a workspace without blueprint starts with, for a given workspace id
     * @param seeded   told the keys a new workspace was created with: they bypass the store decorators that
     *                 trigger controllers, and a blueprint may hold Deployments or Jobs to reconcile
     */
    public WorkspaceResource(io.kubicle.storage.Store store, Workspaces workspaces, WorkspaceDirectory directory, LongFunction<List<ObjectWrite>> template,
                             WorkspaceCredentials credentials, Clock clock, Supplier<String> serverUrl,
                             RequestTelemetry telemetry, Consumer<List<ObjectKey>> seeded) {
        this.store = store;
        this.workspaces = workspaces;
        this.directory = directory;
        this.template = template;
        this.credentials = credentials;
        this.clock = clock;
        this.serverUrl = serverUrl;
        this.telemetry = telemetry;
        this.seeded = seeded;
    }

    public static boolean handles(ResourceType type) {
        return type.group().equals("tenancy.kubicle.io") && type.resource().equals("workspaces");
    }

    public Future<ObjectNode> create(ApiCall call, ObjectNode object) {
        Instant now = clock.instant();
        ObjectLifecycle.prepareCreate(object, call.type(), "", now);
        ObjectWrites.admit(object, null, call.type(), call.strategy());
        String name = Json.text(Json.metadata(object), "name");
        if (name.equals(ROOT)) {
            return Future.failedFuture(Statuses.alreadyExists(call.type().group(), call.type().resource(), name));
        }
        List<FieldError> checked = new ArrayList<>(); // admit() above reported these already
        WorkspaceSpec spec = WorkspaceSpec.parse(object.path("spec"), checked);
        ObjectNode status = object.putObject("status");
        status.put("phase", "Ready").put("url", serverUrl.get() + "/clusters/" + name);
        Instant expiry = spec.expiry(now);
        if (expiry != null) {
            status.put("expiresAt", ObjectLifecycle.timestamp(expiry));
        }
        Future<List<StoredObject>> blueprint = spec.blueprint() == null ? Future.succeededFuture(null)
                : directory.resolve(spec.blueprint()).compose(workspaces::contents).recover(e -> Future.failedFuture(
                        e instanceof io.kubicle.apiserver.ApiError api && api.code() == 404
                                ? Statuses.invalid(call.type().group(), call.type().kind(), name, List.of(FieldError.invalid(
                                "spec.blueprint", "\"" + spec.blueprint() + "\"", "no workspace of that name exists")))
                                : e));
        if (call.dryRun()) {
            return blueprint.map(ignored -> object);
        }
        String specJson = object.has("spec") ? Json.string(object.get("spec")) : "{}";
        List<ObjectKey> seedKeys = new ArrayList<>();
        return blueprint.compose(source -> workspaces.createWorkspace(name, specJson, ws -> {
                            List<ObjectWrite> writes = source == null ? template.apply(ws.id())
                                    : BlueprintCopy.writes(source, ws.id(), now);
                            writes.forEach(w -> seedKeys.add(w.key()));
                            return new WorkspaceSeed(writes, List.of(ObjectWrites.toWrite(call.key(name), object)));
                        })
                        .recover(e -> Future.failedFuture(e instanceof StorageException.AlreadyExists
                                ? Statuses.alreadyExists(call.type().group(), call.type().resource(), name) : e)))
                .map(created -> {
                    directory.remember(created.workspace());
                    seeded.accept(seedKeys);
                    return ObjectHandler.visible(created.records().get(0));
                });
    }

    public Future<ObjectNode> delete(ApiCall call) {
        String name = call.info().name();
        if (name.equals(ROOT)) {
            throw Statuses.forbidden("workspaces.tenancy.kubicle.io \"root\" is forbidden: the root workspace may not be deleted");
        }
        return delete(name, call.key(name), call.dryRun())
                .recover(e -> Future.failedFuture(ObjectWrites.translate(e, call.type(), name)));
    }

    /**
     * Deletes workspace {@code name} and its Workspace object {@code record} together; yields the
     * object as it was. Also used by the TTL reaper.
     */
    public Future<ObjectNode> delete(String name, ObjectKey record, boolean dryRun) {
        if (dryRun) {
            return store.get(record).map(ObjectHandler::visible);
        }
        return workspaces.deleteWorkspace(name, List.of(record)).recover(e -> e instanceof StorageException.NotFound
                // a Workspace object whose workspace is already gone: remove the object alone
                ? store.delete(record, io.kubicle.storage.Preconditions.NONE).map(List::of)
                : Future.failedFuture(e)).compose(gone -> {
            directory.forget(name);
            telemetry.forget(name);
            return gone.isEmpty() ? Future.failedFuture(new StorageException.NotFound(name + " has no Workspace object"))
                    : Future.succeededFuture(ObjectHandler.visible(gone.get(0)));
        });
    }

    /** GET workspaces/{name}/audit?limit=&continue=: the workspace's audit log, oldest first, as an audit EventList. */
    public Future<ObjectNode> audit(ApiCall call) {
        String name = call.info().name();
        int limit;
        long after;
        try {
            limit = call.param("limit").isEmpty() ? 500 : Math.min(5000, Math.max(1, Integer.parseInt(call.param("limit"))));
            after = call.param("continue").isEmpty() ? 0 : Long.parseLong(call.param("continue"));
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("limit and continue must be numbers");
        }
        return directory.resolve(name).compose(id -> telemetry.audit().read(id, after, limit))
                .map(records -> AuditEvents.list(records, limit));
    }

    /**
     * GET workspaces/{name}/kubeconfig: a kubeconfig with a fresh client certificate of the workspace's
     * CA, for the user and groups in the query (default: an admin in system:masters). POST does the same
     * after revoking every certificate issued for the workspace before.
     */
    public Future<String> kubeconfig(ApiCall call, boolean revokeExisting) {
        String name = call.info().name();
        if (name.equals(ROOT)) {
            throw Statuses.badRequest("the root workspace has no tenant credentials; use the operator kubeconfig");
        }
        var params = call.ctx().request().params();
        String user = params.contains("user") ? params.get("user") : "admin";
        List<String> groups = params.contains("group") ? params.getAll("group") : List.of(io.kubicle.apiserver.UserInfo.MASTERS);
        if (user.isBlank()) {
            throw Statuses.badRequest("user must not be empty");
        }
        Future<WorkspaceDirectory.Entry> entry = directory.entry(name);
        if (revokeExisting && !call.dryRun()) {
            entry = entry.compose(current -> workspaces.mergeWorkspaceStatus(name,
                    "{\"credentialEpoch\": " + (current.credentialEpoch() + 1) + "}").map(directory::remember));
        }
        // a key pair and two signatures: milliseconds of CPU that must not hold up the event loop's other requests
        return entry.compose(e -> io.vertx.core.Vertx.currentContext().executeBlocking(() -> credentials.kubeconfig(name,
                e.id(), e.credentialEpoch(), serverUrl.get() + "/clusters/" + name, user, groups), false));
    }
}
