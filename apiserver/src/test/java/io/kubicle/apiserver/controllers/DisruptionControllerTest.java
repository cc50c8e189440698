package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.Objects.parse;
import static io.kubicle.apiserver.controllers.Objects.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DisruptionControllerTest {
    private static final String CREATED = "2026-12-01T11:00:00Z";
    private static final DisruptionController.Controllers NONE = DisruptionController.Controllers.NONE;

    static ObjectNode budget(String spec) {
        return parse("{'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'web','namespace':'ns','uid':'b-1',"
                + "'generation':2,'resourceVersion':'7'},'spec':{" + spec + ",'selector':{'matchLabels':{'app':'web'}}}}");
    }

    /** A case: the budget's spec, the pods and controllers of its namespace, and the status the controller must write. */
    record Case(String name, String spec, List<ObjectNode> pods, DisruptionController.Controllers controllers,
                String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        ObjectNode rs = Objects.replicaSet(4);
        ObjectNode deployment = Objects.deployment(5, "i");
        ObjectNode rsOld = Objects.replicaSetOf(deployment, 1, 2, 2, CREATED);
        ObjectNode rsNew = Objects.replicaSetOf(Objects.deployment(5, "j"), 2, 3, 3, CREATED);
        ObjectNode sts = parse("{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db','uid':'sts-1'},'spec':{'replicas':3}}");
        ObjectNode foreign = parse("{'apiVersion':'example.com/v1','kind':'Rollout','metadata':{'name':'r','uid':'r-1'}}");
        return Stream.of(
            new Case("an integer minAvailable counts the pods it selects", "'minAvailable':2",
                    List.of(ready("a", rs), ready("b", rs), ready("c", rs), unready("d", rs)), NONE,
                    "allowed 1, healthy 3, desired 2, expected 4, True SufficientPods"),
            new Case("maxUnavailable against a ReplicaSet's scale", "'maxUnavailable':1",
                    List.of(ready("a", rs), ready("b", rs), ready("c", rs)), new DisruptionController.Controllers(List.of(rs), List.of(), List.of()),
                    "allowed 0, healthy 3, desired 3, expected 4, False InsufficientPods"),
            new Case("a Deployment counts once across its ReplicaSets, rounded up", "'maxUnavailable':'30%'",
                    List.of(ready("a", rsOld), ready("b", rsOld), ready("c", rsNew), ready("d", rsNew), ready("e", rsNew)),
                    new DisruptionController.Controllers(List.of(rsOld, rsNew), List.of(deployment), List.of()),
                    "allowed 2, healthy 5, desired 3, expected 5, True SufficientPods"),
            new Case("a percentage minAvailable against a StatefulSet", "'minAvailable':'50%'",
                    List.of(ready("db-0", sts, "StatefulSet"), ready("db-1", sts, "StatefulSet"), unready("db-2", sts, "StatefulSet")),
                    new DisruptionController.Controllers(List.of(), List.of(), List.of(sts)),
                    "allowed 0, healthy 2, desired 2, expected 3, False InsufficientPods"),
            new Case("pods nobody owns are left out of a scale, with a warning", "'maxUnavailable':1",
                    List.of(ready("a", rs), ready("lone", null)), new DisruptionController.Controllers(List.of(rs), List.of(), List.of()),
                    "allowed 0, healthy 2, desired 3, expected 4, False InsufficientPods, event UnmanagedPods"),
            new Case("no pods: nothing may be disrupted", "'minAvailable':0", List.of(), NONE,
                    "allowed 0, healthy 0, desired 0, expected 0, False InsufficientPods, event NoPods"),
            new Case("a controller it cannot scale: the fail-safe status", "'maxUnavailable':1",
                    List.of(ready("a", foreign, "Rollout")), NONE,
                    "allowed 0, False SyncFailed found no controllers for pod \"a\", event CalculateExpectedPodCountFailed"),
            new Case("another controller counts with the replicas of its scale subresource", "'maxUnavailable':1",
                    List.of(ready("a", foreign, "Rollout"), ready("b", foreign, "Rollout"), ready("c", foreign, "Rollout")),
                    NONE.with(java.util.Map.of("r-1", 3)), "allowed 1, healthy 3, desired 2, expected 3, True SufficientPods"),
            new Case("terminating pods are not healthy", "'minAvailable':1",
                    List.of(ready("a", rs), deleting(ready("b", rs))), NONE,
                    "allowed 0, healthy 1, desired 1, expected 2, False InsufficientPods"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plans(Case c) {
        Plan plan = DisruptionController.plan(budget(c.spec()), c.pods(), c.controllers(), NOW);
        assertEquals(c.expected(), describe(plan));
    }

    @Test
    void anApprovedEvictionKeepsItsPodOutOfTheCountUntilTheDeletionTimeout() {
        ObjectNode rs = Objects.replicaSet(3);
        ObjectNode pdb = budget("'minAvailable':1");
        pdb.with("status").putObject("disruptedPods").put("a", "2026-12-01T11:59:00Z").put("gone", "2026-12-01T11:59:00Z")
                .put("b", "2026-12-01T11:57:00Z");
        Plan plan = DisruptionController.plan(pdb, List.of(ready("a", rs), ready("b", rs), ready("c", rs)), NONE, NOW);
        assertEquals("allowed 1, healthy 2, desired 1, expected 3, True SufficientPods, event NotDeleted, requeue 60000", describe(plan));
        Plan.Replace replace = plan.steps().stream().filter(Plan.Replace.class::isInstance).map(Plan.Replace.class::cast).findFirst()
                .orElseThrow();
        ObjectNode status = replace.object().path("status").deepCopy();
        assertEquals("{\"a\":\"2026-12-01T11:59:00Z\"}", status.path("disruptedPods").toString(),
                "a pod not deleted within two minutes counts again, one no longer there is forgotten");
        Plan.Event event = (Plan.Event) plan.steps().get(0);
        assertEquals("b", Json.text(Json.metadata(event.owner().object()), "name"), "told on the pod that was not deleted");
        assertEquals("Warning: Pod was expected by PDB ns/web to be deleted but it wasn't", event.type() + ": " + event.message());
    }

    @Test
    void anUnchangedStatusIsNotWrittenAgain() {
        ObjectNode rs = Objects.replicaSet(3);
        List<ObjectNode> pods = List.of(ready("a", rs), ready("b", rs));
        ObjectNode pdb = budget("'minAvailable':1");
        Plan first = DisruptionController.plan(pdb, pods, NONE, NOW);
        ObjectNode written = Json.parseStored(Json.bytes(((Plan.Replace) first.steps().get(0)).object()));
        assertTrue(DisruptionController.plan(written, pods, NONE, NOW.plusSeconds(30)).steps().isEmpty());
        ObjectNode condition = (ObjectNode) written.path("status").path("conditions").get(0);
        assertEquals("{\"type\":\"DisruptionAllowed\",\"status\":\"True\",\"observedGeneration\":2,\"lastTransitionTime\":"
                + "\"2026-12-01T12:00:00Z\",\"reason\":\"SufficientPods\",\"message\":\"\"}", condition.toString());
    }

    @Test
    void aControllersResourceIsFoundByDiscoveryOnlyWithAScaleSubresource() {
        ObjectNode list = parse("{'kind':'APIResourceList','groupVersion':'example.com/v1','resources':["
                + "{'name':'rollouts','kind':'Rollout'},{'name':'rollouts/scale','kind':'Scale'},{'name':'rollouts/status','kind':'Rollout'},"
                + "{'name':'trainers','kind':'Trainer'},{'name':'trainers/status','kind':'Trainer'}]}");
        assertEquals("rollouts", ControllerScales.resourceOf(list, "Rollout"));
        assertEquals(null, ControllerScales.resourceOf(list, "Trainer"), "no scale subresource: no scale");
        assertEquals(null, ControllerScales.resourceOf(list, "Missing"));
    }

    @Test
    void aBudgetWithoutASelectorSelectsNothingAndAnEmptyOneEverything() {
        ObjectNode rs = Objects.replicaSet(3);
        ObjectNode none = budget("'minAvailable':1");
        ((ObjectNode) none.get("spec")).remove("selector");
        assertEquals(0, DisruptionController.selected(none, List.of(ready("a", rs))).size());
        ObjectNode all = budget("'minAvailable':1");
        ((ObjectNode) all.get("spec")).putObject("selector");
        assertEquals(1, DisruptionController.selected(all, List.of(ready("a", rs))).size());
    }

    private static ObjectNode ready(String name, ObjectNode owner) {
        return ready(name, owner, "ReplicaSet");
    }

    private static ObjectNode ready(String name, ObjectNode owner, String kind) {
        return pod(name, owner, kind, "Running", true, CREATED);
    }

    private static ObjectNode unready(String name, ObjectNode owner) {
        return unready(name, owner, "ReplicaSet");
    }

    private static ObjectNode unready(String name, ObjectNode owner, String kind) {
        return pod(name, owner, kind, "Running", false, CREATED);
    }

    private static ObjectNode deleting(ObjectNode pod) {
        Json.metadata(pod).put("deletionTimestamp", "2026-12-01T11:59:00Z");
        return pod;
    }

    static String describe(Plan plan) {
        List<String> parts = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (Plan.Step step : plan.steps()) {
            if (step instanceof Plan.Replace replace) {
                ObjectNode status = (ObjectNode) replace.object().path("status");
                ObjectNode condition = (ObjectNode) status.path("conditions").get(0);
                parts.add("allowed " + status.path("disruptionsAllowed").asInt());
                if (status.has("currentHealthy")) {
                    parts.add("healthy " + status.path("currentHealthy").asInt() + ", desired " + status.path("desiredHealthy").asInt()
                            + ", expected " + status.path("expectedPods").asInt());
                }
                String message = condition.path("message").asText();
                parts.add(condition.path("status").asText() + " " + condition.path("reason").asText() + (message.isEmpty() ? "" : " " + message));
            } else if (step instanceof Plan.Event event) {
                events.add("event " + event.reason());
            }
        }
        parts.addAll(events);
        if (plan.requeueMillis() > 0) {
            parts.add("requeue " + plan.requeueMillis());
        }
        return String.join(", ", parts);
    }
}
