package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.patch.JsonPatch;
import io.kubicle.apiserver.api.patch.MergePatch;
import io.kubicle.apiserver.api.patch.PatchException;
import io.vertx.core.Future;

/**
 * The /scale subresource (autoscaling/v1 Scale) of kinds whose strategy names where replicas live:
 * what kubectl scale and autoscalers read and write.
 */
final class ScaleSubresource {
    private final ObjectWrites writes;
    private final io.kubicle.storage.Store store;

    ScaleSubresource(io.kubicle.storage.Store store) {
        this.store = store;
        this.writes = new ObjectWrites(store);
    }

    private static KindStrategy.ScalePaths paths(ApiCall call) {
        KindStrategy.ScalePaths paths = call.strategy().scale();
        if (paths == null) {
            throw Statuses.pathNotFound();
        }
        return paths;
    }

    Future<ObjectNode> get(ApiCall call) {
        KindStrategy.ScalePaths paths = paths(call);
        return store.get(call.key()).recover(e -> Future.failedFuture(ObjectWrites.translate(e, call.type(), call.info().name())))
                .map(stored -> scaleOf(ObjectHandler.visible(stored), paths));
    }

    static ObjectNode scaleOf(ObjectNode object, KindStrategy.ScalePaths paths) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        ObjectNode source = Json.metadata(object);
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (source.has(f)) {
                meta.set(f, source.get(f));
            }
        }
        scale.putObject("spec").put("replicas", object.at(paths.specReplicas()).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.at(paths.statusReplicas()).asInt(0));
        JsonNode selector = object.at(paths.labelSelector());
        if (selector.isTextual()) {
            status.put("selector", selector.asText());
        } else if (selector.has("matchLabels") || selector.has("matchExpressions")) {
            status.put("selector", io.kubicle.apiserver.api.kinds.LabelSelectors.asString(selector));
        } else if (selector.isObject()) {
            java.util.Map<String, String> labels = new java.util.TreeMap<>();
            selector.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            status.put("selector", io.kubicle.apiserver.api.kinds.LabelSelectors.formatLabels(labels));
        }
        return scale;
    }

    /** PUT or PATCH of the Scale: only spec.replicas moves into the object. */
    Future<ObjectNode> write(ApiCall call, String mediaType, JsonNode body) {
        KindStrategy.ScalePaths paths = paths(call);
        Long pinned = body.isObject() ? ObjectHandler.parseVersion(body.path("metadata").path("resourceVersion").asText("")) : null;
        return writes.update(call, call.key(), mediaType.equals("put") ? pinned : null, current -> {
            ObjectNode scale = scaleOf(current, paths);
            JsonNode next;
            try {
                next = switch (mediaType) {
                    case "put" -> body;
                    case "application/json-patch+json" -> JsonPatch.apply(scale, body);
                    default -> MergePatch.apply(scale, body);
                };
            } catch (PatchException e) {
                throw Statuses.badRequest(e.getMessage());
            }
            JsonNode replicas = next.path("spec").path("replicas");
            if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
                throw Statuses.invalid("autoscaling", "Scale", call.info().name(), java.util.List.of(
                        FieldError.invalid("spec.replicas", replicas.toString(), "must be greater than or equal to 0")));
            }
            ObjectNode updated = current.deepCopy();
            String[] path = paths.specReplicas().substring(1).split("/");
            ObjectNode parent = updated;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.with(path[i]);
            }
            parent.put(path[path.length - 1], replicas.asInt());
            ObjectNode meta = Json.metadata(updated);
            meta.put("generation", meta.path("generation").asLong(1) + (replicas.asInt() == current.at(paths.specReplicas()).asInt() ? 0 : 1));
            return updated;
        }, call.dryRun()).map(stored -> scaleOf(ObjectHandler.visible(stored), paths));
    }

}
