package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding a pod to a node, as a scheduler (or the syncer, reporting where the host ran it) does:
 * {@code POST pods/<name>/binding} or {@code POST bindings} with a v1 Binding, as kube-apiserver's
 * BindingREST serves both. It sets {@code spec.nodeName}, copies the Binding's annotations onto the pod and
 * marks it PodScheduled; a pod that is already assigned (to any node) or being deleted answers 409, so a
 * pod is bound once. The answer is a Success Status, as kube's.
 */
final class PodBinding {
    private static final String CONFLICT_RESOURCE = "pods/binding";

    private final ObjectWrites writes;

    PodBinding(io.kubicle.storage.Store store) {
        this.writes = new ObjectWrites(store);
    }

    /** Whether the call is a binding: {@code pods/binding} or the core {@code bindings} resource. */
    static boolean handles(ApiCall call) {
        return call.type().group().isEmpty() && (call.type().resource().equals("bindings")
                || call.type().resource().equals("pods") && call.info().subresource().equals("binding"));
    }

    /**
     * Binds the pod the Binding names. {@code podCall} has the pod type (a POST to {@code bindings} comes in
     * as that resource); its URL names the pod for {@code pods/<name>/binding}, the Binding's name otherwise.
     */
    io.vertx.core.Future<ObjectNode> bind(ApiCall podCall, ObjectNode binding) {
        String name = Json.text(Json.metadata(binding), "name");
        if (!podCall.info().name().isEmpty() && !podCall.info().name().equals(name)) {
            throw Statuses.badRequest("name in URL does not match name in Binding object");
        }
        validate(name, binding);
        String podName = name;
        String node = Json.text(binding.path("target"), "name");
        JsonNode annotations = Json.metadata(binding).path("annotations");
        String uid = Json.text(Json.metadata(binding), "uid");
        return writes.update(podCall, podCall.key(podName), null, pod -> assign(pod, podName, node, uid, annotations),
                podCall.dryRun()).map(stored -> Responses.successStatus(201));
    }

    private static void validate(String name, ObjectNode binding) {
        List<FieldError> errors = new ArrayList<>();
        if (name.isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        }
        String kind = Json.text(binding.path("target"), "kind");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errors.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
        }
        if (Json.text(binding.path("target"), "name").isEmpty()) {
            errors.add(FieldError.required("target.name", ""));
        }
        if (!errors.isEmpty()) {
            throw Statuses.invalid("", "Binding", name, errors);
        }
    }

    private static ObjectNode assign(ObjectNode pod, String name, String node, String uid, JsonNode annotations) {
        ObjectNode meta = Json.metadata(pod);
        if (!uid.isEmpty() && !uid.equals(Json.text(meta, "uid"))) {
            throw Statuses.conflict("", CONFLICT_RESOURCE, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + Json.text(meta, "uid"));
        }
        if (meta.hasNonNull("deletionTimestamp")) {
            throw Statuses.conflict("", CONFLICT_RESOURCE, name, "pod " + name + " is being deleted, cannot be assigned to a host");
        }
        String assigned = Json.text(pod.path("spec"), "nodeName");
        if (!assigned.isEmpty()) {
            throw Statuses.conflict("", CONFLICT_RESOURCE, name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
        }
        pod.with("spec").put("nodeName", node);
        if (annotations.isObject() && !annotations.isEmpty()) {
            meta.with("annotations").setAll((ObjectNode) annotations);
        }
        PodConditions.setTrue(pod.with("status"), "PodScheduled", null, null, Instant.now());
        return pod;
    }
}
