package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.updateErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PodUpdateRulesTest {
    private static final String SPEC_PREFIX = "spec: Forbidden: " + PodUpdateRules.UPDATABLE + "\n";
    private final PodStrategy strategy = new PodStrategy();

    private static ObjectNode pod(String extraSpec) {
        return json("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"nodeName":"n1","activeDeadlineSeconds":60,
                  "tolerations":[{"key":"gpu","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}],
                  "containers":[{"name":"app","image":"app:1","command":["run"],"resources":{"requests":{"cpu":"1"}}}]
                  %s}}""".formatted(extraSpec));
    }

    private List<String> errors(Consumer<ObjectNode> change) {
        return updateErrors(strategy, pod(""), change);
    }

    private static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    private static ObjectNode container(ObjectNode pod) {
        return (ObjectNode) pod.get("spec").get("containers").get(0);
    }

    @Test
    void allowedChangesPass() {
        assertEquals(List.of(), errors(p -> { }));
        assertEquals(List.of(), errors(p -> container(p).put("image", "app:2")), "kubectl set image");
        assertEquals(List.of(), errors(p -> spec(p).put("activeDeadlineSeconds", 30)), "lowered deadline");
        assertEquals(List.of(), errors(p -> spec(p).withArray("tolerations").addObject().put("key", "spot").put("operator", "Exists")),
                "added toleration");
        assertEquals(List.of(), errors(p -> ((ObjectNode) spec(p).get("tolerations").get(0)).put("tolerationSeconds", 90)),
                "tolerationSeconds may change");
        assertEquals(List.of(), errors(p -> container(p).with("resources").with("requests").put("cpu", "1000m")),
                "the same quantity written differently is no change");
    }

    @Test
    void nodeNameIsImmutable() {
        List<String> errs = errors(p -> spec(p).put("nodeName", "n2"));
        assertEquals(1, errs.size(), errs.toString());
        assertTrue(errs.get(0).startsWith(SPEC_PREFIX), errs.get(0));
        assertTrue(errs.get(0).contains("- \tNodeName: \"n1\",\n+ \tNodeName: \"n2\",\n"), errs.get(0));
        assertTrue(errs.get(0).startsWith("spec: Forbidden: pod updates may not change fields other than"
                + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"), errs.get(0));
    }

    @Test
    void otherSpecChangesAreForbidden() {
        for (Consumer<ObjectNode> change : List.<Consumer<ObjectNode>>of(
                p -> container(p).putArray("command").add("other"),
                p -> container(p).with("resources").with("requests").put("cpu", "2"),
                p -> spec(p).put("restartPolicy", "Never"),
                p -> spec(p).put("hostname", "x"),
                p -> spec(p).putArray("ephemeralContainers").addObject().put("name", "debug").put("image", "busybox"))) {
            List<String> errs = errors(change);
            assertEquals(1, errs.size(), errs.toString());
            assertTrue(errs.get(0).startsWith(SPEC_PREFIX), errs.get(0));
        }
    }

    @Test
    void containersMayNotBeAddedOrRemoved() {
        assertEquals(List.of("spec.containers: Forbidden: pod updates may not add or remove containers"),
                errors(p -> spec(p).withArray("containers").addObject().put("name", "b").put("image", "b")));
    }

    @Test
    void activeDeadlineOnlyGoesDown() {
        assertEquals(List.of("spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value"),
                errors(p -> spec(p).put("activeDeadlineSeconds", 120)));
        assertEquals(List.of("spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"),
                errors(p -> spec(p).remove("activeDeadlineSeconds")));
    }

    @Test
    void existingTolerationsStay() {
        assertEquals(List.of("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"),
                errors(p -> spec(p).remove("tolerations")));
    }

    @Test
    void imagesMustNotBePadded() {
        assertEquals(List.of("spec.containers[0].image: Invalid value: \" app:2\": must not have leading or trailing whitespace"),
                errors(p -> container(p).put("image", " app:2")));
    }

    @Test
    void schedulingGatesOnlyGoAwayAndGatedPodsMayGainNodeSelectors() {
        ObjectNode gated = pod(",\"schedulingGates\":[{\"name\":\"wait\"}],\"nodeSelector\":{\"zone\":\"a\"}");
        gated.with("spec").remove("nodeName");
        assertEquals(List.of(), updateErrors(strategy, gated, p -> spec(p).remove("schedulingGates")));
        assertEquals(List.of("spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'more'"),
                updateErrors(strategy, gated, p -> spec(p).withArray("schedulingGates").addObject().put("name", "more")));
        assertEquals(List.of(), updateErrors(strategy, gated, p -> spec(p).with("nodeSelector").put("gpu", "a100")));
        assertEquals(List.of("spec.nodeSelector: Invalid value: map[string]string{\"zone\":\"b\"}: only additions to"
                        + " spec.nodeSelector are allowed (no mutations or deletions)"),
                updateErrors(strategy, gated, p -> spec(p).with("nodeSelector").put("zone", "b")));
    }

    @Test
    void negativeGracePeriodMayBecomeOne() {
        ObjectNode old = pod(",\"terminationGracePeriodSeconds\":-1");
        assertEquals(List.of(), updateErrors(strategy, old, p -> spec(p).put("terminationGracePeriodSeconds", 1)));
        assertEquals(1, updateErrors(strategy, old, p -> spec(p).put("terminationGracePeriodSeconds", 5)).size());
    }

    @Test
    void statusWritesKeepTheSpec() {
        // a /status write stores the old spec with the new status: nothing in the spec changed
        assertEquals(List.of(), errors(p -> p.with("status").put("phase", "Running")));
    }
}
