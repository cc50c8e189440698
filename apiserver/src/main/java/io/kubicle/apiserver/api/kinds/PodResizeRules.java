package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * kube's ValidatePodResize, for the {@code pods/<name>/resize} subresource (in-place resize, {@code kubectl patch
 * --subresource resize}): the cpu and memory of running containers (and sidecars) change, nothing else; requests and
 * limits are never removed; a memory limit goes down (or appears) only with the RestartContainer resize policy; the
 * pod's QoS class stays; pods with pod-level resources, static and Windows pods are not resized.
 */
final class PodResizeRules {
    private static final String ONLY_CPU_MEMORY = "only cpu and memory resources are mutable";
    private static final String RESTART_CONTAINER = "RestartContainer";

    private PodResizeRules() {
    }

    /** The errors of resizing {@code old} into {@code pod} (everything but container resources already taken from old). */
    static void validate(ObjectNode pod, ObjectNode old, List<FieldError> errs) {
        JsonNode spec = pod.path("spec");
        JsonNode oldSpec = old.path("spec");
        if (podLevelResources(spec) || podLevelResources(oldSpec)) {
            errs.add(FieldError.forbidden("", "pods with pod-level resources cannot be resized"));
            return;
        }
        if (Json.stringMap(old, "metadata", "annotations").containsKey("kubernetes.io/config.mirror")) {
            errs.add(FieldError.forbidden("", "static pods cannot be resized"));
            return;
        }
        if ("windows".equals(Json.text(oldSpec.path("os"), "name"))) {
            errs.add(FieldError.forbidden("", "windows pods cannot be resized"));
            return;
        }
        String oldClass = Json.text(old.path("status"), "qosClass");
        if (!(oldClass.isEmpty() ? PodStrategy.qosClass(oldSpec) : oldClass).equals(PodStrategy.qosClass(spec))) {
            errs.add(FieldError.invalid("spec", GoFmt.quote(oldClass), "Pod QOS Class may not change as a result of resizing"));
        }
        if (!nodeSupportsResize(old.path("status"))) {
            errs.add(FieldError.forbidden("spec", "Pod running on node without support for resize"));
        }
        List<JsonNode> containers = Json.items(spec, "containers");
        List<JsonNode> oldContainers = Json.items(oldSpec, "containers");
        List<JsonNode> inits = Json.items(spec, "initContainers");
        List<JsonNode> oldInits = Json.items(oldSpec, "initContainers");
        if (containers.size() != oldContainers.size() || inits.size() != oldInits.size()) {
            errs.add(FieldError.forbidden("spec", ONLY_CPU_MEMORY));
            return;
        }
        for (int i = 0; i < oldInits.size(); i++) {
            if (sidecar(oldInits.get(i))) {
                containerResize(inits.get(i), oldInits.get(i), "spec.initContainers[" + i + "].resources", errs);
            }
        }
        for (int i = 0; i < oldContainers.size(); i++) {
            containerResize(containers.get(i), oldContainers.get(i), "spec.containers[" + i + "].resources", errs);
        }
        for (int i = 0; i < containers.size(); i++) {
            if (!UpdateRules.same(withOldCpuMemory(containers.get(i), oldContainers.get(i)), oldContainers.get(i))) {
                errs.add(FieldError.forbidden("spec", ONLY_CPU_MEMORY));
            }
        }
        for (int i = 0; i < inits.size(); i++) {
            boolean sidecar = sidecar(inits.get(i));
            JsonNode compared = sidecar ? withOldCpuMemory(inits.get(i), oldInits.get(i)) : inits.get(i);
            if (!UpdateRules.same(compared, oldInits.get(i))) {
                errs.add(FieldError.forbidden("spec", sidecar ? "only cpu and memory resources for sidecar containers are mutable"
                        : "resources for non-sidecar init containers are immutable"));
            }
        }
    }

    private static boolean podLevelResources(JsonNode spec) {
        JsonNode resources = spec.path("resources");
        return !UpdateRules.absent(resources.path("requests")) || !UpdateRules.absent(resources.path("limits"));
    }

    /** kube's isPodResizeRequestSupported: a node that resizes reports the resources of the containers it runs. */
    private static boolean nodeSupportsResize(JsonNode status) {
        for (JsonNode c : Json.items(status, "containerStatuses")) {
            if (c.path("state").has("running")) {
                return c.has("resources");
            }
        }
        return true;
    }

    static boolean sidecar(JsonNode container) {
        return "Always".equals(Json.text(container, "restartPolicy"));
    }

    /** validateContainerResize: nothing removed, and a memory limit lowered or added only with RestartContainer. */
    private static void containerResize(JsonNode c, JsonNode old, String path, List<FieldError> errs) {
        Map<String, String> requests = Json.stringMap(c, "resources", "requests");
        Map<String, String> limits = Json.stringMap(c, "resources", "limits");
        Map<String, String> oldRequests = Json.stringMap(old, "resources", "requests");
        Map<String, String> oldLimits = Json.stringMap(old, "resources", "limits");
        if (!requests.keySet().containsAll(oldRequests.keySet())) {
            errs.add(FieldError.forbidden(path + ".requests", "resource requests cannot be removed"));
        }
        if (!limits.keySet().containsAll(oldLimits.keySet())) {
            errs.add(FieldError.forbidden(path + ".limits", "resource limits cannot be removed"));
        }
        String memoryPolicy = "";
        for (JsonNode policy : Json.items(c, "resizePolicy")) {
            if ("memory".equals(Json.text(policy, "resourceName"))) {
                memoryPolicy = Json.text(policy, "restartPolicy");
                break;
            }
        }
        if (memoryPolicy.equals(RESTART_CONTAINER)) {
            return;
        }
        BigDecimal limit = Quantities.value(limits.get("memory"));
        BigDecimal oldLimit = Quantities.value(oldLimits.get("memory"));
        if (limit != null && oldLimit != null && limit.compareTo(oldLimit) < 0) {
            errs.add(FieldError.forbidden(path + ".limits[memory]", "memory limits cannot be decreased unless resizePolicy is "
                    + RESTART_CONTAINER));
        } else if (limit != null && oldLimit == null) {
            errs.add(FieldError.forbidden(path + ".limits[memory]", "memory limits cannot be added unless resizePolicy is "
                    + RESTART_CONTAINER));
        }
    }

    /** dropCPUMemoryResourcesFromContainer: the container with cpu and memory as they were, for comparing the rest. */
    private static JsonNode withOldCpuMemory(JsonNode c, JsonNode old) {
        ObjectNode copy = ((ObjectNode) c).deepCopy();
        ObjectNode resources = Json.obj(copy, "resources");
        for (String list : List.of("requests", "limits")) {
            JsonNode oldList = old.path("resources").path(list);
            if (!oldList.isObject()) {
                resources.remove(list);
                continue;
            }
            ObjectNode munged = Json.obj(resources, list);
            for (String name : List.of("cpu", "memory")) {
                munged.remove(name);
                if (oldList.has(name)) {
                    munged.set(name, oldList.get(name));
                }
            }
        }
        return copy;
    }
}
