package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Validated writes of API objects: admission (defaults, metadata and kind validation) then the store,
 * with storage failures turned into the Status kube-apiserver would send for this resource.
 */
public final class ObjectWrites {
    private static final int MAX_RETRIES = 8;
    private static final java.util.regex.Pattern UUID_FORMAT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private final Store store;
    private final WriteAdmission admission;

    public ObjectWrites(Store store) {
        this(store, WriteAdmission.NONE);
    }

    public ObjectWrites(Store store, WriteAdmission admission) {
        this.store = store;
        this.admission = admission;
    }

    /** Defaults and validates; throws a 422 naming every problem. */
    public static void admit(ObjectNode object, ObjectNode old, ResourceType type, KindStrategy strategy) {
        admit(object, old, type, strategy, false, "");
    }

    /** As {@link #admit(ObjectNode, ObjectNode, ResourceType, KindStrategy)}, for the request's requester and subresource. */
    public static void admit(ObjectNode object, ObjectNode old, ApiCall call) {
        admit(object, old, call.type(), call.strategy(), call.user() != null && call.user().operator(), call.info().subresource());
    }

    private static void admit(ObjectNode object, ObjectNode old, ResourceType type, KindStrategy strategy, boolean operator,
                              String subresource) {
        if (old != null) {
            strategy.prepareForUpdate(object, old);
        }
        strategy.applyDefaults(object);
        List<FieldError> errors = new ArrayList<>(io.kubicle.apiserver.api.kinds.MetadataValidation.validate(object, type.namespaced(),
                io.kubicle.apiserver.api.kinds.MetadataValidation.nameRuleFor(type.group(), type.kind())));
        if (old != null) {
            ObjectNode meta = Json.metadata(object);
            ObjectNode oldMeta = Json.metadata(old);
            if (!Json.text(meta, "name").equals(Json.text(oldMeta, "name"))) {
                errors.add(FieldError.invalid("metadata.name", quote(Json.text(meta, "name")), "field is immutable"));
            }
        }
        if (old != null && ObjectLifecycle.changesPartOfSpec(subresource)) {
            errors.addAll(strategy.validateSubresource(subresource, object, old));
        } else {
            errors.addAll(operator ? strategy.validateByOperator(object, old) : strategy.validate(object, old));
        }
        if (!errors.isEmpty()) {
            throw Statuses.invalid(type.group(), type.kind(), Json.text(Json.metadata(object), "name"), errors);
        }
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    /**
     * A committed write with the object whose JSON it stored (without resourceVersion), so the answer to the request
     * is built from it instead of parsing the bytes just written.
     */
    public record Written(StoredObject stored, ObjectNode object) {
    }

    public Future<Written> create(ApiCall call, ObjectNode object, boolean dryRun) {
        ObjectKey key = call.key(Json.text(Json.metadata(object), "name"));
        ObjectWrite write = toWrite(key, object);
        return admission.admit(call, object, null, dryRun).compose(ticket -> {
            if (dryRun) {
                return Future.succeededFuture(new Written(new StoredObject(key, write.uid(), 0, write.generation(), write.labels(),
                        write.body()), object));
            }
            return store.create(write).onComplete(ar -> ticket.finish(ar.succeeded()))
                    .recover(e -> Future.failedFuture(translate(e, call.type(), key.name())))
                    .map(stored -> new Written(stored, object));
        });
    }

    /**
     * Read-modify-write with compare-and-swap, retried on conflicts unless the caller pinned a
     * resourceVersion (then a conflict is the caller's answer). {@code change} gets the current
     * object (with its resourceVersion) and returns the new one, already admitted.
     */
    public Future<StoredObject> update(ApiCall call, ObjectKey key, Long pinnedVersion,
                                       Function<ObjectNode, ObjectNode> change, boolean dryRun) {
        return attempt(call, key, pinnedVersion, change, Completion.NONE, dryRun, 0).map(Written::stored);
    }

    public Future<Written> updateWritten(ApiCall call, ObjectKey key, Long pinnedVersion,
                                         Function<ObjectNode, ObjectNode> change, boolean dryRun) {
        return updateWritten(call, key, pinnedVersion, change, Completion.NONE, dryRun);
    }

    /** As above, with {@code completion} run on each admitted object before it is stored. */
    public Future<Written> updateWritten(ApiCall call, ObjectKey key, Long pinnedVersion,
                                         Function<ObjectNode, ObjectNode> change, Completion completion, boolean dryRun) {
        return attempt(call, key, pinnedVersion, change, completion, dryRun, 0);
    }

    /**
     * Asynchronous work an update needs after the synchronous change has admitted the next object and before it is
     * stored, such as claiming the node ports a Service now needs; it may still fill in fields of {@code next}, and its
     * ticket hears whether the write happened. It runs again with every retry of the compare-and-swap, so it must be
     * idempotent.
     */
    @FunctionalInterface
    public interface Completion {
        Completion NONE = (current, next) -> Future.succeededFuture(WriteAdmission.Ticket.NONE);

        Future<WriteAdmission.Ticket> complete(ObjectNode current, ObjectNode next);
    }

    /** The admission plugins (quota among them) for an update from {@code current} to {@code next}. */
    public Future<WriteAdmission.Ticket> admitUpdate(ApiCall call, ObjectNode next, ObjectNode current, boolean dryRun) {
        return admission.admit(call, next, current, dryRun);
    }

    private Future<Written> attempt(ApiCall call, ObjectKey key, Long pinned, Function<ObjectNode, ObjectNode> change,
                                    Completion completion, boolean dryRun, int round) {
        return store.get(key).recover(e -> Future.failedFuture(translate(e, call.type(), key.name()))).compose(current -> {
            if (pinned != null && pinned != current.resourceVersion()) {
                return Future.failedFuture(Statuses.modified(call.type().group(), call.type().resource(), key.name()));
            }
            ObjectNode currentObject = ServedVersions.asServed(ObjectLifecycle.withResourceVersion(
                    Json.parseStored(current.body()), current.resourceVersion()), call.type());
            ObjectNode next;
            try {
                next = change.apply(currentObject.deepCopy());
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            if (completion == Completion.NONE) {
                return write(call, key, pinned, change, completion, dryRun, round, current, currentObject, next,
                        WriteAdmission.Ticket.NONE);
            }
            return completion.complete(currentObject, next).compose(ticket -> write(call, key, pinned, change, completion,
                    dryRun, round, current, currentObject, next, ticket));
        });
    }

    private Future<Written> write(ApiCall call, ObjectKey key, Long pinned, Function<ObjectNode, ObjectNode> change,
                                  Completion completion, boolean dryRun, int round, StoredObject current,
                                  ObjectNode currentObject, ObjectNode next, WriteAdmission.Ticket ticket) {
        Json.metadata(next).remove("resourceVersion");
        ObjectWrite write = toWrite(key, next);
        write = new ObjectWrite(key, current.uid(), write.generation(), write.labels(), write.body(), write.owners());
        if (unchanged(write.body(), current.body(), currentObject, next) || dryRun) {
            if (!dryRun) { // a dry run reserved nothing
                ticket.finish(false);
            }
            return Future.succeededFuture(new Written(new StoredObject(key, current.uid(), current.resourceVersion(),
                    write.generation(), write.labels(), write.body()), next));
        }
        ObjectNode written = next;
        return store.update(write, Preconditions.resourceVersion(current.resourceVersion()))
                .onComplete(ar -> ticket.finish(ar.succeeded()))
                .map(stored -> new Written(stored, written)).recover(e -> {
            if (e instanceof StorageException.Conflict && pinned == null && round < MAX_RETRIES) {
                return attempt(call, key, null, change, completion, false, round + 1);
            }
            return Future.failedFuture(translate(e, call.type(), key.name()));
        });
    }

    /**
     * Whether an update changes nothing, so it is not written (no new resourceVersion, no watch event), as kube-apiserver
     * skips it. Equal bytes say so at once; a stored body written by another path (a create) may hold the same fields
     * in another order, which keeps its length: then the trees decide (a server-side apply repeated after a create
     * wrote the object again). {@code currentObject} loses its resourceVersion here; it is not used after.
     */
    private static boolean unchanged(byte[] body, byte[] stored, ObjectNode currentObject, ObjectNode next) {
        if (java.util.Arrays.equals(body, stored)) {
            return true;
        }
        if (body.length != stored.length) {
            return false;
        }
        Json.metadata(currentObject).remove("resourceVersion");
        return currentObject.equals(SAME_VALUE, next);
    }

    /** Equal nodes, and numbers of equal value whatever their node type (a parsed 1 is an int, a computed one a long). */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().equals(b.bigIntegerValue()) ? 0 : 1;
        }
        return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
    };

    public Future<StoredObject> delete(ApiCall call, ObjectKey key, Preconditions preconditions) {
        return store.delete(key, preconditions).recover(e -> Future.failedFuture(translate(e, call.type(), key.name())));
    }

    /** The storage record of an API object: labels and generation lifted out, body without resourceVersion. */
    public static ObjectWrite toWrite(ObjectKey key, ObjectNode object) {
        ObjectNode meta = Json.metadata(object);
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = meta.get("labels");
        if (l != null && l.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        meta.remove("resourceVersion");
        List<String> owners = new ArrayList<>();
        for (JsonNode ref : meta.path("ownerReferences")) {
            String uid = ref.path("uid").asText("");
            if (UUID_FORMAT.matcher(uid).matches()) {
                owners.add(uid);
            }
        }
        return new ObjectWrite(key, Json.text(meta, "uid"), meta.path("generation").asLong(0), labels, Json.bytes(object),
                owners);
    }

    /** Storage facts in the words kube-apiserver uses for this resource. */
    public static Throwable translate(Throwable e, ResourceType type, String name) {
        if (e instanceof StorageException.NotFound) {
            return Statuses.notFound(type.group(), type.resource(), name);
        }
        if (e instanceof StorageException.AlreadyExists) {
            return Statuses.alreadyExists(type.group(), type.resource(), name);
        }
        if (e instanceof StorageException.Conflict) {
            return Statuses.modified(type.group(), type.resource(), name);
        }
        return e;
    }
}
