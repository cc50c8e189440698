package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.ObjectLifecycle;
import io.kubicle.apiserver.api.ResourceCatalog;
import io.kubicle.apiserver.api.ResourceType;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PodResizeRulesTest {
    private static final ResourceType PODS = ResourceCatalog.builtin().find("", "v1", "pods").orElseThrow();
    private final PodStrategy strategy = new PodStrategy();

    /** A Burstable pod running on a node that reports its containers' resources (so it can resize). */
    private static ObjectNode pod() {
        return json("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"nodeName":"n1","containers":[{"name":"app","image":"app:1",
                   "resources":{"requests":{"cpu":"500m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}}}]},
                 "status":{"phase":"Running","qosClass":"Burstable","containerStatuses":[{"name":"app","ready":true,
                   "state":{"running":{}},"resources":{"requests":{"cpu":"500m","memory":"256Mi"}}}]}}""");
    }

    /** The write to pods/web/resize that {@code change} makes, prepared as the server prepares it, and its errors. */
    private List<String> resize(ObjectNode stored, Consumer<ObjectNode> change) {
        strategy.applyDefaults(stored);
        ObjectNode sent = stored.deepCopy();
        change.accept(sent);
        ObjectNode next = ObjectLifecycle.prepareUpdate(sent, stored, PODS, ObjectLifecycle.RESIZE);
        strategy.applyDefaults(next);
        return messages(strategy.validateSubresource(ObjectLifecycle.RESIZE, next, stored));
    }

    private static ObjectNode resources(ObjectNode pod) {
        return (ObjectNode) pod.get("spec").get("containers").get(0).get("resources");
    }

    private static ObjectNode app(ObjectNode pod) {
        return (ObjectNode) pod.get("spec").get("containers").get(0);
    }

    @Test
    void cpuAndMemoryGoUpAndCpuComesDown() {
        assertEquals(List.of(), resize(pod(), p -> {
            resources(p).with("requests").put("cpu", "2").put("memory", "384Mi");
            resources(p).with("limits").put("cpu", "4").put("memory", "1Gi");
        }));
        assertEquals(List.of(), resize(pod(), p -> resources(p).with("requests").put("cpu", "100m")));
    }

    @Test
    void whatElseTheWriteChangesIsDropped() {
        ObjectNode stored = pod();
        strategy.applyDefaults(stored);
        ObjectNode sent = stored.deepCopy();
        app(sent).put("image", "app:2");
        ((ObjectNode) sent.get("metadata")).putObject("labels").put("x", "y");
        resources(sent).with("requests").put("cpu", "750m");
        ObjectNode next = ObjectLifecycle.prepareUpdate(sent, stored, PODS, ObjectLifecycle.RESIZE);
        assertEquals("app:1", next.at("/spec/containers/0/image").asText());
        assertEquals("750m", next.at("/spec/containers/0/resources/requests/cpu").asText());
        assertEquals(true, next.at("/metadata/labels/x").isMissingNode());
    }

    @Test
    void requestsAndLimitsAreNeverRemoved() {
        // a request alone would come back from its limit (kube's defaults); without both it is gone
        assertEquals(List.of("spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed",
                        "spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed"),
                resize(pod(), p -> {
                    ((ObjectNode) resources(p).get("requests")).remove("memory");
                    ((ObjectNode) resources(p).get("limits")).remove("memory");
                }));
        assertEquals(List.of("spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed"),
                resize(pod(), p -> ((ObjectNode) resources(p).get("limits")).remove("cpu")));
    }

    @Test
    void aMemoryLimitComesDownOnlyWithRestartContainer() {
        assertEquals(List.of("spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be decreased unless"
                + " resizePolicy is RestartContainer"), resize(pod(), p -> resources(p).with("limits").put("memory", "384Mi")));
        assertEquals(List.of(), resize(pod(), p -> {
            resources(p).with("limits").put("memory", "384Mi");
            app(p).putArray("resizePolicy").addObject().put("resourceName", "memory").put("restartPolicy", "RestartContainer");
        }).stream().filter(e -> !e.contains("only cpu and memory")).toList(), "the policy itself is part of the write");
    }

    @Test
    void onlyCpuAndMemoryChange() {
        assertEquals(List.of("spec: Forbidden: only cpu and memory resources are mutable"),
                resize(pod(), p -> resources(p).with("limits").put("nvidia.com/gpu", "1")));
    }

    @Test
    void theQosClassStays() {
        assertEquals(List.of("spec: Invalid value: \"Burstable\": Pod QOS Class may not change as a result of resizing"),
                resize(pod(), p -> {
                    resources(p).with("requests").put("cpu", "1").put("memory", "512Mi");
                }));
    }

    @Test
    void aNodeThatReportsNoResourcesCannotResize() {
        ObjectNode old = pod();
        ((ObjectNode) old.at("/status/containerStatuses/0")).remove("resources");
        assertEquals(List.of("spec: Forbidden: Pod running on node without support for resize"),
                resize(old, p -> resources(p).with("requests").put("cpu", "600m")));
    }

    @Test
    void staticPodsAndPodLevelResourcesAreNotResized() {
        ObjectNode mirror = pod();
        ((ObjectNode) mirror.get("metadata")).putObject("annotations").put("kubernetes.io/config.mirror", "x");
        assertEquals(List.of(": Forbidden: static pods cannot be resized"),
                resize(mirror, p -> resources(p).with("requests").put("cpu", "600m")));
        ObjectNode podLevel = pod();
        ((ObjectNode) podLevel.get("spec")).putObject("resources").putObject("limits").put("cpu", "2");
        assertEquals(List.of(": Forbidden: pods with pod-level resources cannot be resized"),
                resize(podLevel, p -> resources(p).with("requests").put("cpu", "600m")));
    }
}
