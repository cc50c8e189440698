package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Failure;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import io.kubicle.apiserver.controllers.ControllerClient.Session;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube's last disruption finder (getScaleController): the scale of a pod's controller that is no ReplicaSet or
 * StatefulSet — a custom resource with a scale subresource, a ReplicationController — read through its {@code scale}
 * subresource, its resource found by discovery. Asked only for pods a budget needs a scale for, once per controller and
 * pass; a controller without a scale (or gone, or another object of the same name) has none, and the budget's status
 * says so.
 */
final class ControllerScales {
    private ControllerScales() {
    }

    /** The replicas of each such controller of {@code pods}, by uid. */
    static Future<Map<String, Integer>> of(Session session, String namespace, List<ObjectNode> pods) {
        Map<String, JsonNode> refs = new LinkedHashMap<>();
        for (ObjectNode pod : pods) {
            JsonNode ref = Workload.controllerRef(pod);
            if (ref != null && !DisruptionController.listedKind(ref)) {
                refs.putIfAbsent(ref.path("uid").asText(), ref);
            }
        }
        if (refs.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, Future<ObjectNode>> discovery = new HashMap<>();
        List<Future<Map.Entry<String, Integer>>> scales = new ArrayList<>();
        for (JsonNode ref : refs.values()) {
            String apiVersion = ref.path("apiVersion").asText();
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = apiVersion.substring(slash + 1);
            Future<ObjectNode> list = discovery.computeIfAbsent(apiVersion, v -> session.resources(group, version));
            scales.add(list.compose(resources -> {
                String resource = resourceOf(resources, ref.path("kind").asText());
                if (resource == null) {
                    return Future.succeededFuture(null);
                }
                return session.scale(new Resource(group, version, resource), namespace, ref.path("name").asText())
                        .map(scale -> ref.path("uid").asText().equals(scale.path("metadata").path("uid").asText())
                                ? Map.entry(ref.path("uid").asText(), scale.path("spec").path("replicas").asInt(0)) : null);
            }).recover(e -> e instanceof Failure f && f.code() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e)));
        }
        return Future.all(scales).map(v -> {
            Map<String, Integer> found = new HashMap<>();
            for (Future<Map.Entry<String, Integer>> f : scales) {
                if (f.result() != null) {
                    found.put(f.result().getKey(), f.result().getValue());
                }
            }
            return found;
        });
    }

    /** The resource of {@code kind} in an APIResourceList when it has a scale subresource, else null. */
    static String resourceOf(JsonNode resources, String kind) {
        String resource = null;
        for (JsonNode r : resources.path("resources")) {
            String name = r.path("name").asText();
            if (name.indexOf('/') < 0 && kind.equals(r.path("kind").asText())) {
                resource = name;
            }
        }
        for (JsonNode r : resources.path("resources")) {
            if (resource != null && r.path("name").asText().equals(resource + "/scale")) {
                return resource;
            }
        }
        return null;
    }
}
