package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.Objects.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetControllerTest {
    /** A case: replicas wanted, pods in the namespace (built for the RS), the backoff, what the plan must hold. */
    record Case(String name, int replicas, Function<ObjectNode, List<ObjectNode>> pods, long backoff, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("no pods: create three", 3, rs -> List.of(), 0, "create 3, status"),
            new Case("enough pods: only status", 2, rs -> List.of(running("a", rs), running("b", rs)), 0, "status"),
            new Case("surplus: the pending and not-ready pods go first", 1, rs -> List.of(running("old", rs),
                    pod("pending", rs, "ReplicaSet", "Pending", false, "2026-12-01T11:00:00Z"),
                    pod("unready", rs, "ReplicaSet", "Running", false, "2026-12-01T11:00:00Z")), 0,
                    "delete pending, delete unready, status"),
            new Case("finished and terminating pods do not count", 2, rs -> List.of(running("a", rs),
                    pod("done", rs, "ReplicaSet", "Succeeded", false, "2026-12-01T11:00:00Z"),
                    terminating(running("going", rs))), 0, "create 1, status"),
            new Case("a matching orphan is adopted and counted", 1, rs -> List.of(running("orphan", null)), 0,
                    "write orphan, status"),
            new Case("a refused owner waits out its backoff", 2, rs -> List.of(), 5_000, "status, requeue 5000"),
            new Case("another controller's pod is left alone", 0, rs -> List.of(running("theirs",
                    Objects.replicaSet(0).put("kind", "ReplicaSet").with("metadata").put("uid", "other"))), 0, "status"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plans(Case c) {
        ObjectNode rs = Objects.replicaSet(c.replicas());
        Plan plan = ReplicaSetController.plan(rs, c.pods().apply(rs), NOW, c.backoff());
        assertEquals(c.expected(), describe(plan));
    }

    @org.junit.jupiter.api.Test
    void statusCountsReadyAndAvailableAfterMinReadySeconds() {
        ObjectNode rs = Objects.replicaSet(3);
        rs.with("spec").put("minReadySeconds", 3600); // the pods became Ready at 11:30, an hour is not over at 12:00
        List<ObjectNode> pods = List.of(running("a", rs), running("b", rs), pod("c", rs, "ReplicaSet", "Pending", false,
                "2026-12-01T11:00:00Z"));
        ObjectNode status = ReplicaSetController.status(rs, pods, 3600, NOW);
        assertEquals(3, status.path("replicas").asInt());
        assertEquals(3, status.path("fullyLabeledReplicas").asInt());
        assertEquals(2, status.path("readyReplicas").asInt());
        assertTrue(status.path("availableReplicas").isMissingNode());
        assertEquals(2, status.path("observedGeneration").asInt());
        Plan plan = ReplicaSetController.plan(rs, pods, NOW, 0);
        assertEquals(30 * 60_000, plan.requeueMillis(), "another look when the first pod becomes available");
    }

    static ObjectNode running(String name, ObjectNode owner) {
        return pod(name, owner, "ReplicaSet", "Running", true, "2026-12-01T11:00:00Z");
    }

    static ObjectNode terminating(ObjectNode pod) {
        io.kubicle.apiserver.api.Json.metadata(pod).put("deletionTimestamp", "2026-12-01T11:59:00Z");
        return pod;
    }

    /** A plan in words: creates, deletes, adoptions, status writes, requeue. */
    static String describe(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (Plan.Step step : plan.steps()) {
            if (step instanceof Plan.Creates creates) {
                parts.add("create " + creates.creates().size() + (creates.then() == null ? "" : " then status"));
            } else if (step instanceof Plan.Create create) {
                parts.add("create " + Workload.name(create.object()));
            } else if (step instanceof Plan.Delete delete) {
                parts.add("delete " + Workload.name(delete.object()));
            } else if (step instanceof Plan.Scale scale) {
                parts.add("scale " + Workload.name(scale.object()) + " to " + Workload.replicas(scale.object()));
            } else if (step instanceof Plan.Replace replace && replace.status()) {
                parts.add("status");
            } else if (step instanceof Plan.Replace replace) {
                parts.add("write " + Workload.name(replace.object()));
            } else if (step instanceof Plan.Event event) {
                parts.add("event " + event.reason());
            }
        }
        if (plan.requeueMillis() > 0) {
            parts.add("requeue " + plan.requeueMillis());
        }
        return String.join(", ", parts);
    }
}
