package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.ReplicaSetControllerTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobControllerTest {
    static ObjectNode job(int completions, int parallelism, int backoffLimit) {
        return Objects.parse("{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'pi','namespace':'ns','uid':'j-1'},"
                + "'spec':{'completions':" + completions + ",'parallelism':" + parallelism + ",'backoffLimit':" + backoffLimit
                + ",'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}}}");
    }

    static ObjectNode jobPod(String name, ObjectNode job, String phase, boolean tracked) {
        ObjectNode pod = Objects.pod(name, null, "Job", phase, false, "2026-12-01T11:00:00Z");
        Json.metadata(pod).putArray("ownerReferences").add(Workload.ownerRef(job, "batch/v1", "Job"));
        if (tracked) {
            Json.metadata(pod).putArray("finalizers").add(JobController.FINALIZER);
        }
        return pod;
    }

    @Test
    void aNewJobGetsParallelismPodsWithKubesLabelsAndTheTrackingFinalizer() {
        ObjectNode job = job(3, 2, 6);
        Plan plan = JobController.plan(job, List.of(), NOW, 0);
        assertEquals("create 2, status", describe(plan));
        JsonNode pod = ((Plan.Creates) plan.steps().get(0)).creates().get(0).object();
        assertEquals("pi-", pod.at("/metadata/generateName").asText());
        for (String label : List.of("batch.kubernetes.io/controller-uid", "controller-uid")) {
            assertEquals("j-1", pod.at("/metadata/labels").path(label).asText(), label);
        }
        for (String label : List.of("batch.kubernetes.io/job-name", "job-name")) {
            assertEquals("pi", pod.at("/metadata/labels").path(label).asText(), label);
        }
        assertEquals(JobController.FINALIZER, pod.at("/metadata/finalizers/0").asText());
        JsonNode status = ((Plan.Replace) plan.steps().get(1)).object().get("status");
        assertEquals("2026-12-01T12:00:00Z", status.path("startTime").asText());
    }

    @Test
    void aFinishedPodIsRecordedBeforeItsFinalizerGoesThenCountedOnce() {
        ObjectNode job = job(1, 1, 6);
        ObjectNode done = jobPod("a", job, "Succeeded", true);
        Plan first = JobController.plan(job, List.of(done), NOW, 0);
        assertEquals("status, write a", describe(first), "the uid is stored first, then the finalizer removed");
        ObjectNode recorded = ((Plan.Replace) first.steps().get(0)).object();
        assertEquals("a-uid", recorded.at("/status/uncountedTerminatedPods/succeeded/0").asText());
        // a restart here repeats nothing: the pod has lost its finalizer, the uid moves into the counter
        ObjectNode released = JobController.withoutFinalizer(done);
        Plan second = JobController.plan(recorded, List.of(released), NOW, 0);
        assertEquals("status, event Completed", describe(second));
        JsonNode status = ((Plan.Replace) second.steps().get(0)).object().get("status");
        assertEquals(1, status.path("succeeded").asInt());
        assertTrue(status.path("uncountedTerminatedPods").isEmpty());
        assertTrue(Conditions.isTrue(Json.object().set("status", status), "Complete"));
        assertTrue(Conditions.isTrue(Json.object().set("status", status), "SuccessCriteriaMet"));
        assertEquals("", describe(JobController.plan(((Plan.Replace) second.steps().get(0)).object(), List.of(released),
                NOW, 0)), "a complete Job with an untracked pod: nothing more");
    }

    @Test
    void podsWithoutTheFinalizerAreNeverCountedAgain() {
        ObjectNode job = job(2, 1, 6);
        Workload.status(job).put("succeeded", 1).put("startTime", "2026-12-01T11:00:00Z").put("ready", 0)
                .putObject("uncountedTerminatedPods");
        Plan plan = JobController.plan(job, List.of(jobPod("counted", job, "Succeeded", false)), NOW, 0);
        assertEquals("create 1", describe(plan));
    }

    @Test
    void failuresBeyondTheBackoffLimitFailTheJob() {
        ObjectNode job = job(1, 1, 1);
        Workload.status(job).put("failed", 2).put("startTime", "2026-12-01T11:00:00Z");
        ObjectNode running = jobPod("r", job, "Running", true);
        Plan plan = JobController.plan(job, List.of(running), NOW, 0);
        assertEquals("write r, delete r, status, event BackoffLimitExceeded", describe(plan));
        JsonNode status = ((Plan.Replace) plan.steps().get(2)).object().get("status");
        JsonNode failed = Workload.condition(Json.object().set("status", status), "Failed");
        assertEquals("BackoffLimitExceeded", failed.path("reason").asText());
        assertEquals("Job has reached the specified backoff limit", failed.path("message").asText());
    }

    @Test
    void aRefusedJobWaitsOutItsBackoff() {
        Plan plan = JobController.plan(job(1, 1, 6), List.of(), NOW, 2_000);
        assertEquals("status, requeue 2000", describe(plan));
    }
}
