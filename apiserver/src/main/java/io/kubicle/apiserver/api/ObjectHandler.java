package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.patch.ApplyConflictException;
import io.kubicle.apiserver.api.patch.JsonPatch;
import io.kubicle.apiserver.api.patch.MergePatch;
import io.kubicle.apiserver.api.patch.PatchException;
import io.kubicle.apiserver.api.patch.PatchSchema;
import io.kubicle.apiserver.api.patch.ServerSideApply;
import io.kubicle.apiserver.api.patch.StrategicMergePatch;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * get, create, update (PUT) and patch of one object, its status, and a pod's ephemeralcontainers and resize. Every write goes
 * through {@link ObjectWrites}: admission then compare-and-swap.
 */
public final class ObjectHandler {
    private final ObjectWrites writes;
    private final io.kubicle.storage.Store store;
    private final Clock clock;
    private final NamespaceGuard namespaces;

    private final GarbageCollector collector;
    private final ServiceAddresses addresses;
    private final PodServiceAccounts accounts;
    private final PodPriorities priorities;

    public ObjectHandler(io.kubicle.storage.Store store, Clock clock, NamespaceGuard namespaces, GarbageCollector collector) {
        this(store, clock, namespaces, collector, WriteAdmission.NONE);
    }

    public ObjectHandler(io.kubicle.storage.Store store, Clock clock, NamespaceGuard namespaces, GarbageCollector collector,
                         WriteAdmission admission) {
        this.store = store;
        this.collector = collector;
        this.addresses = new ServiceAddresses(store);
        this.accounts = new PodServiceAccounts(store);
        this.priorities = new PodPriorities(store, namespaces.listers());
        this.writes = new ObjectWrites(store, admission);
        this.clock = clock;
        this.namespaces = namespaces;
    }

    public Future<ObjectNode> get(ApiCall call) {
        return store.get(call.key()).recover(e -> Future.failedFuture(ObjectWrites.translate(e, call.type(), call.info().name())))
                .map(stored -> StoredAnswer.remember(call, visible(stored, call.type()), stored));
    }

    static ObjectNode visible(StoredObject stored) {
        return ObjectLifecycle.withResourceVersion(Json.parseStored(stored.body()), stored.resourceVersion());
    }

    /** The stored object as the requested version shows it (custom resources: conversion None). */
    static ObjectNode visible(StoredObject stored, ResourceType type) {
        return ServedVersions.asServed(visible(stored), type);
    }

    /** The same for an object this request just wrote: its tree is at hand (and nobody else's), no need to parse. */
    private static ObjectNode visible(ObjectWrites.Written written, ResourceType type) {
        return ServedVersions.asServed(ObjectLifecycle.withResourceVersion(written.object(), written.stored().resourceVersion()), type);
    }

    /** {@link #visible(ObjectWrites.Written, ResourceType)}, the answer of this request. */
    private static ObjectNode answer(ApiCall call, ObjectWrites.Written written) {
        return StoredAnswer.remember(call, visible(written, call.type()), written.stored());
    }

    public Future<ObjectNode> create(ApiCall call, ObjectNode object) {
        return create(call, object, true);
    }

    /** {@code recordManager} is false when server-side apply has already written managedFields. */
    private Future<ObjectNode> create(ApiCall call, ObjectNode object, boolean recordManager) {
        Instant now = clock.instant();
        ObjectLifecycle.prepareCreate(object, call.type(), call.info().namespace(), now);
        if (recordManager) { // a server-side apply checked its applied configuration already
            FieldValidation.checkBody(call, object);
        }
        ObjectWrites.admit(object, null, call.type(), call.strategy());
        if (recordManager) {
            Managers.recordCreate(object, call.fieldManager(Managers.defaultManager(call)), now);
        }
        boolean dryRun = call.dryRun();
        return namespaces.checkCreate(call)
                .compose(v -> ServiceAddresses.handles(call.type()) ? addresses.assign(call.workspaceId(), call.info().namespace(), object, dryRun) : Future.succeededFuture())
                .compose(v -> PodServiceAccounts.handles(call.type()) ? accounts.admit(call, object) : Future.succeededFuture())
                .compose(v -> PodServiceAccounts.handles(call.type()) ? priorities.admit(call, object) : Future.succeededFuture())
                .compose(v -> PodPriorities.handlesClass(call.type()) ? priorities.admitClass(call, object) : Future.succeededFuture())
                .compose(v -> writes.create(call, object, dryRun))
                .map(written -> dryRun ? object : answer(call, written))
                .compose(created -> dryRun ? Future.succeededFuture(created)
                        : namespaces.afterCreate(call, created).map(created));
    }

    /** PUT: replace the object (or its status), compare-and-swap on the body's resourceVersion when given. */
    public Future<ObjectNode> update(ApiCall call, ObjectNode object) {
        String bodyName = Json.text(Json.metadata(object), "name");
        if (!bodyName.isEmpty() && !bodyName.equals(call.info().name())) {
            throw Statuses.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + call.info().name() + ")");
        }
        String rv = Json.text(Json.metadata(object), "resourceVersion");
        Long pinned = parseVersion(rv);
        String subresource = call.info().subresource();
        Instant now = clock.instant();
        String manager = call.fieldManager(Managers.defaultManager(call));
        FieldValidation.checkBody(call, object);
        return writes.updateWritten(call, call.key(), pinned, current -> {
            ObjectNode next = ObjectLifecycle.prepareUpdate(object.deepCopy(), current, call.type(), subresource);
            ObjectWrites.admit(next, current, call);
            Managers.recordUpdate(current, next, manager, call.type().apiVersion(), now, subresource);
            return next;
        }, allocations(call, subresource), call.dryRun()).compose(written -> finishIfFinalized(call, written)).map(written -> answer(call, written));
    }

    /** PATCH in any of the four Kubernetes patch types. */
    public Future<ObjectNode> patch(ApiCall call, String contentType, byte[] body) {
        String media = Bodies.mediaType(contentType);
        String subresource = call.info().subresource();
        Instant now = clock.instant();
        if (media.equals("application/apply-patch+yaml")) {
            if (subresource.equals(ObjectLifecycle.RESIZE)) {
                throw Statuses.unsupportedMediaType("server-side apply is not supported for pods/resize; use"
                        + " --type strategic, merge or json");
            }
            return apply(call, body, subresource, now);
        }
        Consumer<Set<String>> duplicates = paths -> call.ctx().put(FieldValidation.DUPLICATES, paths);
        JsonNode patch = switch (media) {
            case "application/json-patch+json", "application/merge-patch+json" -> Bodies.parseJson(body, duplicates);
            case "application/strategic-merge-patch+json" -> {
                if (ResourceCatalog.builtin().find(call.type().group(), call.type().version(), call.type().resource()).isEmpty()) {
                    throw Statuses.unsupportedMediaType("strategic merge patch is not supported for custom resources;"
                            + " use --type merge or --type json");
                }
                yield Bodies.parseJson(body, duplicates);
            }
            default -> throw Statuses.unsupportedMediaType("the body of the request was in an unknown format - accepted"
                    + " media types include: application/json-patch+json, application/merge-patch+json,"
                    + " application/apply-patch+yaml, application/strategic-merge-patch+json (got " + media + ")");
        };
        String manager = call.fieldManager(Managers.defaultManager(call));
        return writes.updateWritten(call, call.key(), null, current -> {
            JsonNode patched;
            try {
                patched = switch (media) {
                    case "application/json-patch+json" -> JsonPatch.apply(current, patch);
                    case "application/merge-patch+json" -> MergePatch.apply(current, patch);
                    default -> StrategicMergePatch.apply(current, patch,
                            PatchSchema.forKind(call.type().group(), call.type().kind()));
                };
            } catch (PatchException e) {
                throw Statuses.invalidPatch(e.getMessage());
            }
            if (!(patched instanceof ObjectNode patchedObject)) {
                throw Statuses.badRequest("the patch produced something that is not an object");
            }
            Long pinned = parseVersion(Json.text(Json.metadata(patchedObject), "resourceVersion"));
            if (pinned != null && pinned != current.path("metadata").path("resourceVersion").asLong()) {
                throw Statuses.modified(call.type().group(), call.type().resource(), call.info().name());
            }
            ObjectNode next = ObjectLifecycle.prepareUpdate(patchedObject, current, call.type(), subresource);
            FieldValidation.checkPatched(call, next);
            ObjectWrites.admit(next, current, call);
            Managers.recordUpdate(current, next, manager, call.type().apiVersion(), now, subresource);
            return next;
        }, allocations(call, subresource), call.dryRun()).compose(written -> finishIfFinalized(call, written)).map(written -> answer(call, written));
    }

    private Future<ObjectNode> apply(ApiCall call, byte[] body, String subresource, Instant now) {
        String manager = call.param("fieldManager");
        if (manager.isEmpty()) {
            throw Statuses.invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    FieldError.required("fieldManager", "is required for apply patch")));
        }
        boolean force = call.param("force").equals("true");
        JsonNode tree = Bodies.parseYaml(body);
        if (!(tree instanceof ObjectNode applied)) {
            throw Statuses.badRequest("the body of an apply patch must be an object");
        }
        FieldValidation.checkApplied(call, applied);
        PatchSchema schema = call.strategy() instanceof io.kubicle.apiserver.api.crd.CustomResourceStrategy custom
                ? custom.patchSchema() : PatchSchema.forKind(call.type().group(), call.type().kind());
        return writes.updateWritten(call, call.key(), null, current -> {
            try {
                ObjectNode next = ServerSideApply.apply(current, applied.deepCopy(), manager, subresource, force, schema,
                        now).object();
                next = ObjectLifecycle.prepareUpdate(next, current, call.type(), subresource);
                ObjectWrites.admit(next, current, call);
                return next;
            } catch (ApplyConflictException e) {
                throw Statuses.conflictApply(e.getMessage());
            } catch (PatchException e) {
                throw Statuses.badRequest(e.getMessage());
            }
        }, allocations(call, subresource), call.dryRun()).compose(written -> finishIfFinalized(call, written)).map(written -> answer(call, written))
                .recover(e -> {
                    if (!(e instanceof ApiError api && api.code() == 404) || !subresource.isEmpty()) {
                        return Future.failedFuture(e);
                    }
                    // Apply to a missing object creates it.
                    ObjectNode created;
                    try {
                        created = ServerSideApply.apply(null, applied.deepCopy(), manager, force, schema, now).object();
                    } catch (PatchException pe) {
                        return Future.failedFuture(Statuses.badRequest(pe.getMessage()));
                    }
                    ObjectNode meta = Json.metadata(created);
                    if (Json.text(meta, "name").isEmpty()) {
                        meta.put("name", call.info().name());
                    }
                    return create(call, created, false).map(o -> {
                        call.ctx().put("kubicle.created", Boolean.TRUE);
                        return o;
                    });
                });
    }

    /**
     * What an update needs once admitted, for the kinds whose updates can change quota usage, as kube's quota
     * evaluators charge updates: a PersistentVolumeClaim's larger storage request (requests.storage, per class); a
     * Service's new type or ports (services.nodeports, services.loadbalancers), then the addresses they need. Quota comes
     * first: its count does not depend on the values, and a refused update then holds no claim that others must wait out.
     * A pod's new ephemeral containers meet pod security as a new pod does; a resize is charged to the quotas as it grows.
     */
    private ObjectWrites.Completion allocations(ApiCall call, String subresource) {
        boolean dryRun = call.dryRun();
        if (ObjectLifecycle.changesPartOfSpec(subresource)) {
            return (current, next) -> writes.admitUpdate(call, next, current, dryRun);
        }
        if (subresource.equals("status")) {
            return ObjectWrites.Completion.NONE;
        }
        if (isClaim(call.type())) {
            return (current, next) -> writes.admitUpdate(call, next, current, dryRun);
        }
        if (PodPriorities.handlesClass(call.type())) {
            return (current, next) -> priorities.admitClass(call, next).map(WriteAdmission.Ticket.NONE);
        }
        if (!ServiceAddresses.handles(call.type())) {
            return ObjectWrites.Completion.NONE;
        }
        return (current, next) -> writes.admitUpdate(call, next, current, dryRun).compose(ticket ->
                addresses.reassign(call.workspaceId(), call.info().namespace(), current, next, dryRun).map(ticket)
                        .recover(e -> {
                            ticket.finish(false);
                            return Future.failedFuture(e);
                        }));
    }

    private static boolean isClaim(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("persistentvolumeclaims");
    }

    /** An object whose deletion waited only for finalizers goes once the last one is removed. */
    private Future<ObjectWrites.Written> finishIfFinalized(ApiCall call, ObjectWrites.Written written) {
        StoredObject stored = written.stored();
        ObjectNode meta = Json.metadata(written.object());
        boolean deleting = !Json.text(meta, "deletionTimestamp").isEmpty();
        JsonNode finalizers = meta.get("finalizers");
        if (!deleting || finalizers != null && finalizers.size() > 0 || call.dryRun()) {
            return Future.succeededFuture(written);
        }
        return store.delete(stored.key(), io.kubicle.storage.Preconditions.resourceVersion(stored.resourceVersion()))
                .onSuccess(deleted -> collector.ownerDeleted(deleted.key().workspaceId(), deleted.uid()))
                .compose(deleted -> addresses.release(deleted.key(), written.object()).map(deleted))
                .map(deleted -> new ObjectWrites.Written(deleted, written.object()))
                .recover(e -> e instanceof StorageException.NotFound || e instanceof StorageException.Conflict
                        ? Future.succeededFuture(written) : Future.failedFuture(e));
    }

    static Long parseVersion(String rv) {
        if (rv == null || rv.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("resourceVersion \"" + rv + "\" is not a valid resource version");
        }
    }
}
