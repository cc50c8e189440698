package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.ReplicaSetControllerTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import org.junit.jupiter.api.Test;

class TtlAfterFinishedTest {
    static ObjectNode finished(String condition, String at, int ttl) {
        ObjectNode job = JobControllerTest.job(1, 1, 6);
        job.with("spec").put("ttlSecondsAfterFinished", ttl);
        Workload.status(job).putArray("conditions").addObject().put("type", condition).put("status", "True")
                .put("lastTransitionTime", at);
        return job;
    }

    @Test
    void aFinishedJobWaitsOutItsTtlThenGoesInTheForeground() {
        assertEquals("requeue 30000", describe(TtlAfterFinished.plan(finished("Complete", "2026-12-01T11:59:30Z", 60), NOW)));
        Plan expired = TtlAfterFinished.plan(finished("Failed", "2026-12-01T11:59:00Z", 60), NOW);
        assertEquals("delete pi", describe(expired));
        assertTrue(((Plan.Delete) expired.steps().get(0)).foreground(), "kube's TTL controller deletes in the foreground");
    }

    @Test
    void runningJobsJobsWithoutTtlAndJobsBeingDeletedAreLeftAlone() {
        assertEquals("", describe(TtlAfterFinished.plan(JobControllerTest.job(1, 1, 6), NOW)));
        ObjectNode noTtl = finished("Complete", "2026-12-01T11:00:00Z", 0);
        ((ObjectNode) noTtl.get("spec")).remove("ttlSecondsAfterFinished");
        assertEquals("", describe(TtlAfterFinished.plan(noTtl, NOW)));
        ObjectNode deleting = finished("Complete", "2026-12-01T11:00:00Z", 0);
        Json.metadata(deleting).put("deletionTimestamp", "2026-12-01T11:59:00Z");
        assertEquals("", describe(TtlAfterFinished.plan(deleting, NOW)));
        assertEquals("", describe(TtlAfterFinished.plan(finished("Suspended", "2026-12-01T11:00:00Z", 0), NOW)),
                "not finished");
    }
}
