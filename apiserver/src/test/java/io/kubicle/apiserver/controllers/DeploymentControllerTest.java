package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.ReplicaSetControllerTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {
    private static final String T0 = "2026-12-01T11:00:00Z";
    private static final String T1 = "2026-12-01T11:10:00Z";

    @Test
    void aNewDeploymentGetsItsReplicaSetNamedByTheTemplateHash() {
        ObjectNode d = Objects.deployment(3, "nginx");
        Plan plan = DeploymentController.plan(d, List.of(), NOW);
        String hash = PodTemplateHash.compute(d.path("spec").path("template"), null);
        assertEquals("create 1 then status", describe(plan));
        Plan.Create create = ((Plan.Creates) plan.steps().get(0)).creates().get(0);
        assertEquals("web-" + hash, Workload.name(create.object()));
        JsonNode rs = create.object();
        assertEquals(3, rs.at("/spec/replicas").asInt());
        assertEquals(hash, rs.at("/spec/selector/matchLabels/pod-template-hash").asText());
        assertEquals(hash, rs.at("/spec/template/metadata/labels/pod-template-hash").asText());
        assertEquals(hash, rs.at("/metadata/labels/pod-template-hash").asText());
        assertEquals("1", rs.at("/metadata/annotations").path(DeploymentController.REVISION).asText());
        assertEquals("Deployment", rs.at("/metadata/ownerReferences/0/kind").asText());
        assertEquals(true, rs.at("/metadata/ownerReferences/0/blockOwnerDeletion").asBoolean());
        assertEquals("Scaled up replica set {name} from 0 to 3", create.message());
        JsonNode progressing = progressing(((Plan.Replace) ((Plan.Creates) plan.steps().get(0)).then()).object());
        assertEquals("True NewReplicaSetCreated Created new replica set \"web-" + hash + "\" 2026-12-01T12:00:00Z",
                summary(progressing));
    }

    @Test
    void aRolloutWithoutProgressPastItsDeadlineTimesOut() {
        ObjectNode d = revisioned(Objects.deployment(3, "nginx"), 1);
        d.with("spec").put("progressDeadlineSeconds", 2);
        ObjectNode rs = Objects.replicaSetOf(d, 1, 3, 0, T0);
        d.set("status", DeploymentStatus.compute(d, rs, List.of(rs), NOW.minusSeconds(5)));
        assertEquals("True ReplicaSetUpdated ReplicaSet \"" + Workload.name(rs) + "\" is progressing. 2026-12-01T11:59:55Z",
                summary(progressing(d)), "three pods created: progress");

        Plan before = DeploymentController.plan(d, List.of(rs), NOW.minusSeconds(4));
        assertEquals("requeue 2000", describe(before), "a look one second after the deadline");
        Plan after = DeploymentController.plan(d, List.of(rs), NOW);
        assertEquals("status", describe(after));
        ObjectNode timedOut = ((Plan.Replace) after.steps().get(0)).object();
        assertEquals("False ProgressDeadlineExceeded ReplicaSet \"" + Workload.name(rs) + "\" has timed out progressing. "
                + "2026-12-01T12:00:00Z", summary(progressing(timedOut)));
        assertEquals("MinimumReplicasUnavailable", Workload.condition(timedOut, "Available").path("reason").asText());
        assertEquals("", describe(DeploymentController.plan(timedOut, List.of(rs), NOW.plusSeconds(60))),
                "timed out stays timed out, with no further looks");

        ObjectNode ready = Objects.replicaSetOf(d, 1, 3, 3, T0);
        ObjectNode done = ((Plan.Replace) DeploymentController.plan(timedOut, List.of(ready), NOW.plusSeconds(60))
                .steps().get(0)).object();
        assertEquals("NewReplicaSetAvailable", progressing(done).path("reason").asText(), "late pods still complete it");
        assertEquals("MinimumReplicasAvailable", Workload.condition(done, "Available").path("reason").asText());
    }

    @Test
    void progressMovesTheDeadline() {
        ObjectNode d = revisioned(Objects.deployment(3, "nginx"), 1);
        ObjectNode rs = Objects.replicaSetOf(d, 1, 3, 1, T0);
        d.set("status", DeploymentStatus.compute(d, rs, List.of(rs), NOW.minusSeconds(590)));
        ObjectNode more = Objects.replicaSetOf(d, 1, 3, 2, T0);
        Plan plan = DeploymentController.plan(d, List.of(more), NOW);
        assertEquals("status, requeue 601000", describe(plan), "a second pod available: the deadline starts again");
        assertEquals("2026-12-01T12:00:00Z", progressing(((Plan.Replace) plan.steps().get(0)).object())
                .path("lastUpdateTime").asText());
    }

    @Test
    void aDeploymentWithoutADeadlineHasNoProgressingCondition() {
        ObjectNode d = revisioned(Objects.deployment(1, "nginx"), 1);
        d.with("spec").put("progressDeadlineSeconds", Integer.MAX_VALUE);
        ObjectNode rs = Objects.replicaSetOf(d, 1, 1, 0, T0);
        Plan plan = DeploymentController.plan(d, List.of(rs), NOW);
        assertEquals("status", describe(plan));
        assertEquals(null, progressing(((Plan.Replace) plan.steps().get(0)).object()));
    }

    private static JsonNode progressing(JsonNode d) {
        return Workload.condition(d, "Progressing");
    }

    private static String summary(JsonNode condition) {
        return condition.path("status").asText() + " " + condition.path("reason").asText() + " "
                + condition.path("message").asText() + " " + condition.path("lastUpdateTime").asText();
    }

    @Test
    void aSettledDeploymentReportsCompleteStatusOnce() {
        ObjectNode d = revisioned(Objects.deployment(3, "nginx"), 1);
        ObjectNode rs = Objects.replicaSetOf(d, 1, 3, 3, T0);
        Plan plan = DeploymentController.plan(d, List.of(rs), NOW);
        assertEquals("status", describe(plan));
        ObjectNode status = (ObjectNode) ((Plan.Replace) plan.steps().get(0)).object().get("status");
        assertEquals(3, status.path("updatedReplicas").asInt());
        assertEquals(3, status.path("availableReplicas").asInt());
        assertEquals("NewReplicaSetAvailable", Workload.condition(d.deepCopy().set("status", status), "Progressing")
                .path("reason").asText());
        assertEquals("MinimumReplicasAvailable", Workload.condition(d.deepCopy().set("status", status), "Available")
                .path("reason").asText());
        d.set("status", status);
        assertEquals("", describe(DeploymentController.plan(d, List.of(rs), NOW)), "nothing changes, nothing is written");
    }

    @Test
    void aChangedTemplateStartsARollingUpdateWithinMaxSurge() {
        ObjectNode old = revisioned(Objects.deployment(4, "nginx:1"), 1);
        ObjectNode oldRs = Objects.replicaSetOf(old, 1, 4, 4, T0);
        ObjectNode d = revisioned(Objects.deployment(4, "nginx:2"), 1);
        Plan plan = DeploymentController.plan(d, List.of(oldRs), NOW);
        Plan.Create create = ((Plan.Creates) plan.steps().get(0)).creates().get(0);
        assertEquals(1, create.object().at("/spec/replicas").asInt(), "4 + 25% surge allows one more pod");
        assertEquals("2", create.object().at("/metadata/annotations").path(DeploymentController.REVISION).asText());
    }

    @Test
    void rollingUpdateStepsScaleOldDownAsNewPodsBecomeAvailable() {
        ObjectNode d = revisioned(Objects.deployment(4, "nginx:2"), 2);
        ObjectNode oldRs = Objects.replicaSetOf(Objects.deployment(4, "nginx:1"), 1, 4, 4, T0);
        ObjectNode newRs = Objects.replicaSetOf(d, 2, 1, 0, T1);
        assertEquals("scale " + Workload.name(oldRs) + " to 3, status, requeue 601000", describe(DeploymentController.plan(d,
                List.of(oldRs, newRs), NOW)));
        ObjectNode oldAt3 = Objects.replicaSetOf(Objects.deployment(4, "nginx:1"), 1, 3, 3, T0);
        assertEquals("scale " + Workload.name(newRs) + " to 2, status, requeue 601000", describe(DeploymentController.plan(d,
                List.of(oldAt3, newRs), NOW)));
    }

    @Test
    void recreateScalesTheOldSetToZeroBeforeCreatingTheNewOne() {
        ObjectNode d = revisioned(Objects.deployment(2, "nginx:2"), 1);
        d.with("spec").set("strategy", Objects.parse("{'type':'Recreate'}"));
        ObjectNode oldRs = Objects.replicaSetOf(Objects.deployment(2, "nginx:1"), 1, 2, 2, T0);
        assertEquals("scale " + Workload.name(oldRs) + " to 0, status, requeue 601000", describe(DeploymentController.plan(d,
                List.of(oldRs), NOW)));
        ObjectNode drained = Objects.replicaSetOf(Objects.deployment(2, "nginx:1"), 1, 0, 0, T0);
        Plan plan = DeploymentController.plan(d, List.of(drained), NOW);
        assertEquals(2, ((Plan.Creates) plan.steps().get(0)).creates().get(0).object().at("/spec/replicas").asInt());
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollOut() {
        ObjectNode d = revisioned(Objects.deployment(5, "nginx:2"), 1);
        d.with("spec").put("paused", true);
        ObjectNode oldRs = Objects.replicaSetOf(Objects.deployment(5, "nginx:1"), 1, 3, 3, T0);
        Plan plan = DeploymentController.plan(d, List.of(oldRs), NOW);
        assertEquals("scale " + Workload.name(oldRs) + " to 5, status", describe(plan));
        JsonNode status = ((Plan.Replace) plan.steps().get(1)).object().get("status");
        assertEquals("DeploymentPaused", Workload.condition(Json.object().set("status", status), "Progressing")
                .path("reason").asText());
    }

    @Test
    void rollbackToAnOldTemplateReusesItsReplicaSetUnderTheNextRevision() {
        ObjectNode d = revisioned(Objects.deployment(2, "nginx:1"), 2);
        ObjectNode first = Objects.replicaSetOf(Objects.deployment(2, "nginx:1"), 1, 0, 0, T0);
        ObjectNode second = Objects.replicaSetOf(Objects.deployment(2, "nginx:2"), 2, 2, 2, T1);
        Plan plan = DeploymentController.plan(d, List.of(first, second), NOW);
        assertEquals("write " + Workload.name(first), describe(plan));
        JsonNode annotations = ((Plan.Replace) plan.steps().get(0)).object().at("/metadata/annotations");
        assertEquals("3", annotations.path(DeploymentController.REVISION).asText());
        assertEquals("1", annotations.path(DeploymentController.REVISION_HISTORY).asText());
    }

    @Test
    void oldEmptyReplicaSetsBeyondTheHistoryLimitGoOnceComplete() {
        ObjectNode d = revisioned(Objects.deployment(1, "v3"), 3);
        d.with("spec").put("revisionHistoryLimit", 1);
        ObjectNode v1 = Objects.replicaSetOf(Objects.deployment(1, "v1"), 1, 0, 0, T0);
        ObjectNode v2 = Objects.replicaSetOf(Objects.deployment(1, "v2"), 2, 0, 0, T0);
        ObjectNode v3 = Objects.replicaSetOf(d, 3, 1, 1, T1);
        d.set("status", DeploymentStatus.compute(d, v3, List.of(v1, v2, v3), NOW));
        assertEquals("delete " + Workload.name(v1), describe(DeploymentController.plan(d, List.of(v1, v2, v3), NOW)));
    }

    private static ObjectNode revisioned(ObjectNode d, int revision) {
        Json.metadata(d).with("annotations").put(DeploymentController.REVISION, revision + "");
        return d;
    }
}
