package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * DELETE of one object, as kube-apiserver does it: preconditions, dryRun, and graceful deletion —
 * an object with finalizers (or asked to delete in the foreground or to orphan) is only marked
 * with deletionTimestamp and goes when its finalizers are gone; namespaces terminate first.
 */
public final class DeleteHandler {
    private static final int MAX_RETRIES = 8;
    private final ObjectWrites writes;
    private final io.kubicle.storage.Store store;
    private final ServiceAddresses addresses;
    private final Clock clock;
    private final NamespaceTerminator terminator;
    private final GarbageCollector collector;

    public DeleteHandler(io.kubicle.storage.Store store, Clock clock, NamespaceTerminator terminator,
                         GarbageCollector collector) {
        this.store = store;
        this.writes = new ObjectWrites(store);
        this.addresses = new ServiceAddresses(store);
        this.clock = clock;
        this.terminator = terminator;
        this.collector = collector;
    }

    /** Options from the DeleteOptions body (kubectl sends one) or the query. */
    record Options(String propagationPolicy, String uid, Long resourceVersion, boolean dryRun) {
        static Options of(ApiCall call, JsonNode body) {
            String policy = call.param("propagationPolicy");
            String uid = null;
            Long rv = null;
            boolean dryRun = call.dryRun();
            if (body != null && body.isObject()) {
                if (body.hasNonNull("propagationPolicy")) {
                    policy = body.get("propagationPolicy").asText();
                }
                if (body.path("orphanDependents").asBoolean(false)) {
                    policy = "Orphan";
                }
                JsonNode pre = body.path("preconditions");
                uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : null;
                rv = pre.hasNonNull("resourceVersion") ? ObjectHandler.parseVersion(pre.get("resourceVersion").asText()) : null;
                for (JsonNode v : body.path("dryRun")) {
                    dryRun |= v.asText().equals("All");
                }
            }
            if (!policy.isEmpty() && !policy.equals("Orphan") && !policy.equals("Background") && !policy.equals("Foreground")) {
                throw Statuses.invalid("meta.k8s.io", "DeleteOptions", "", java.util.List.of(FieldError.notSupported(
                        "propagationPolicy", "\"" + policy + "\"", java.util.List.of("Foreground", "Background", "Orphan"))));
            }
            return new Options(policy, uid, rv, dryRun);
        }
    }

    /** Returns the deleted object's last state or, when deletion is pending, the marked object. */
    public Future<Result> delete(ApiCall call, Options options) {
        String name = call.info().name();
        boolean namespace = call.type().group().isEmpty() && call.type().resource().equals("namespaces");
        if (namespace && NamespaceGuard.UNDELETABLE.contains(name)) {
            throw Statuses.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
        }
        return attempt(call, options, namespace, 0);
    }

    /**
     * One read and conditional delete. A write between the two (a controller's status update) makes the delete conflict;
     * unless the caller pinned a resourceVersion, it is tried again against the object as it is then, as kube-apiserver
     * retries its conditional delete: a DELETE without preconditions never answers 409.
     */
    private Future<Result> attempt(ApiCall call, Options options, boolean namespace, int round) {
        String name = call.info().name();
        return store.get(call.key()).recover(e -> Future.failedFuture(ObjectWrites.translate(e, call.type(), name)))
                .compose(current -> {
                    if (options.uid() != null && !options.uid().equals(current.uid())) {
                        return Future.failedFuture(Statuses.conflict(call.type().group(), call.type().resource(), name,
                                "Precondition failed: UID in precondition: " + options.uid() + ", UID in object meta: "
                                        + current.uid()));
                    }
                    if (options.resourceVersion() != null && options.resourceVersion() != current.resourceVersion()) {
                        return Future.failedFuture(Statuses.conflict(call.type().group(), call.type().resource(), name,
                                "Precondition failed: ResourceVersion in precondition: " + options.resourceVersion()
                                        + ", ResourceVersion in object meta: " + current.resourceVersion()));
                    }
                    ObjectNode object = Json.parseStored(current.body());
                    String finalizer = switch (options.propagationPolicy()) {
                        case "Foreground" -> GarbageCollector.FOREGROUND;
                        case "Orphan" -> GarbageCollector.ORPHAN;
                        default -> null;
                    };
                    boolean graceful = namespace || hasFinalizers(object) || finalizer != null;
                    if (!graceful) {
                        if (options.dryRun()) {
                            return Future.succeededFuture(new Result(ObjectHandler.visible(current, call.type()), true));
                        }
                        return writes.delete(call, call.key(), new Preconditions(current.uid(), current.resourceVersion()))
                                .compose(deleted -> addresses.release(call.key(), object).map(deleted))
                                .map(deleted -> {
                                    collector.ownerDeleted(call.workspaceId(), deleted.uid());
                                    return new Result(ObjectHandler.visible(deleted, call.type()), true);
                                }).recover(e -> e instanceof io.kubicle.apiserver.ApiError api && api.code() == 409
                                        && options.resourceVersion() == null && round < MAX_RETRIES
                                        ? attempt(call, options, namespace, round + 1) : Future.failedFuture(e));
                    }
                    return markDeleting(call, current, finalizer, namespace, options.dryRun());
                });
    }

    private Future<Result> markDeleting(ApiCall call, StoredObject current, String finalizer, boolean namespace,
                                        boolean dryRun) {
        String now = ObjectLifecycle.timestamp(clock.instant());
        return writes.update(call, call.key(), null, object -> {
            ObjectNode meta = Json.metadata(object);
            if (Json.text(meta, "deletionTimestamp").isEmpty()) {
                meta.put("deletionTimestamp", now);
                meta.put("deletionGracePeriodSeconds", 0);
            }
            if (finalizer != null && !namespace) {
                ArrayNode finalizers = meta.has("finalizers") ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
                boolean present = false;
                for (JsonNode f : finalizers) {
                    present |= f.asText().equals(finalizer);
                }
                if (!present) {
                    finalizers.add(finalizer);
                }
            }
            if (namespace) {
                object.with("status").put("phase", "Terminating");
            }
            return object;
        }, dryRun).map(stored -> {
            if (namespace && !dryRun) {
                terminator.terminate(call.workspaceId(), call.workspace(), call.info().name());
            } else if (finalizer != null && !dryRun) {
                collector.finishPropagation(call.key(), stored.uid(), finalizer);
            }
            return new Result(ObjectHandler.visible(stored, call.type()), false);
        });
    }

    private static boolean hasFinalizers(ObjectNode object) {
        JsonNode f = object.path("metadata").path("finalizers");
        return f.isArray() && f.size() > 0;
    }

    /** The object as last seen, and whether it is gone (else: deletion pending on finalizers). */
    public record Result(ObjectNode object, boolean gone) {
    }
}
