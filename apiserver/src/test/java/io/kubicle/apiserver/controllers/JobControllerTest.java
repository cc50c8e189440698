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
            Json.metadata(pod).putArray("finalizers").add(JobPods.FINALIZER);
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
        assertEquals(JobPods.FINALIZER, pod.at("/metadata/finalizers/0").asText());
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
        ObjectNode released = JobPods.withoutFinalizer(done);
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

    static ObjectNode indexedJob(int completions, int parallelism) {
        ObjectNode job = job(completions, parallelism, 6);
        job.with("spec").put("completionMode", "Indexed");
        return job;
    }

    static ObjectNode indexedPod(ObjectNode job, int index, String phase, boolean tracked) {
        ObjectNode pod = jobPod("p" + index + "-" + phase, job, phase, tracked);
        Json.metadata(pod).with("annotations").put(JobIndexes.INDEX, index + "");
        return pod;
    }

    private static ObjectNode status(Plan plan, int step) {
        return ((Plan.Replace) plan.steps().get(step)).object();
    }

    @Test
    void indexedPodsCarryTheirIndexAsKubeInjectsIt() {
        Plan plan = JobController.plan(indexedJob(3, 2), List.of(), NOW, 0);
        assertEquals("create 2, status", describe(plan));
        List<Plan.Create> creates = ((Plan.Creates) plan.steps().get(0)).creates();
        for (int i = 0; i < 2; i++) {
            JsonNode pod = creates.get(i).object();
            assertEquals("pi-" + i + "-", pod.at("/metadata/generateName").asText());
            assertEquals(i + "", pod.at("/metadata/annotations").path(JobIndexes.INDEX).asText());
            assertEquals(i + "", pod.at("/metadata/labels").path(JobIndexes.INDEX).asText());
            assertEquals("pi-" + i, pod.at("/spec/hostname").asText());
            JsonNode env = pod.at("/spec/containers/0/env/0");
            assertEquals("JOB_COMPLETION_INDEX", env.path("name").asText());
            assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                    env.at("/valueFrom/fieldRef/fieldPath").asText());
        }
    }

    @Test
    void succeededIndexesAreRecordedThenThePendingOnesStart() {
        ObjectNode job = indexedJob(3, 2);
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z");
        ObjectNode done = indexedPod(job, 0, "Succeeded", true);
        ObjectNode running = indexedPod(job, 1, "Running", true);
        Plan first = JobController.plan(job, List.of(done, running), NOW, 0);
        assertEquals("status, write " + Workload.name(done), describe(first), "the index is stored before the finalizer goes");
        ObjectNode recorded = status(first, 0);
        assertEquals("0 1", recorded.at("/status/completedIndexes").asText() + " " + recorded.at("/status/succeeded").asInt());

        Plan second = JobController.plan(recorded, List.of(JobPods.withoutFinalizer(done), running), NOW, 0);
        assertEquals("create 1, status", describe(second));
        assertEquals("pi-2-", ((Plan.Creates) second.steps().get(0)).creates().get(0).object().at("/metadata/generateName")
                .asText(), "index 1 runs, so index 2 is next");

        ObjectNode all = recorded.deepCopy();
        Workload.status(all).put("completedIndexes", "0-2").put("succeeded", 3);
        Plan last = JobController.plan(all, List.of(), NOW, 0);
        assertEquals("status, event Completed", describe(last));
        assertTrue(Conditions.isTrue(status(last, 0), "Complete"));
    }

    @Test
    void duplicatedAndFinishedIndexesAreDeleted() {
        ObjectNode job = indexedJob(3, 3);
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z").put("completedIndexes", "0").put("succeeded", 1);
        ObjectNode zero = indexedPod(job, 0, "Running", true);
        ObjectNode one = indexedPod(job, 1, "Running", true);
        ObjectNode oneAgain = indexedPod(job, 1, "Pending", true);
        Json.metadata(oneAgain).put("name", "p1-again");
        Plan plan = JobController.plan(job, List.of(zero, one, oneAgain), NOW, 0);
        assertEquals("create 1, write p0-Running, delete p0-Running, write p1-again, delete p1-again, status", describe(plan));
        assertEquals("2", ((Plan.Creates) plan.steps().get(0)).creates().get(0).object().at("/metadata/annotations")
                .path(JobIndexes.INDEX).asText());
    }

    @Test
    void aFailJobRuleRecordsTheTargetThenFailsTheJob() {
        ObjectNode job = PodFailurePolicyTest.job();
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z");
        ObjectNode crashed = PodFailurePolicyTest.failed("crashed", "main", 42, "Ready");
        Json.metadata(crashed).put("uid", "crashed-uid").putArray("ownerReferences").add(Workload.ownerRef(job, "batch/v1", "Job"));
        Json.metadata(crashed).putArray("finalizers").add(JobPods.FINALIZER);
        ObjectNode running = jobPod("r", job, "Running", true);
        Plan first = JobController.plan(job, List.of(crashed, running), NOW, 0);
        assertEquals("status, write crashed", describe(first));
        JsonNode target = Workload.condition(status(first, 0), "FailureTarget");
        assertEquals("PodFailurePolicy", target.path("reason").asText());
        assertEquals("Container main for pod ns/crashed failed with exit code 42 matching FailJob rule at index 1",
                target.path("message").asText());

        Plan second = JobController.plan(status(first, 0), List.of(JobPods.withoutFinalizer(crashed), running), NOW, 0);
        assertEquals("write r, delete r, status, event PodFailurePolicy", describe(second));
        JsonNode failed = Workload.condition(status(second, 2), "Failed");
        assertEquals("True PodFailurePolicy " + target.path("message").asText(), failed.path("status").asText() + " "
                + failed.path("reason").asText() + " " + failed.path("message").asText());
        assertEquals(1, status(second, 2).at("/status/failed").asInt());
    }

    @Test
    void ignoredFailuresAreNotCounted() {
        ObjectNode job = PodFailurePolicyTest.job();
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z").putObject("uncountedTerminatedPods");
        ObjectNode evicted = PodFailurePolicyTest.failed("evicted", "main", 137, "DisruptionTarget");
        Json.metadata(evicted).put("uid", "evicted-uid").putArray("ownerReferences").add(Workload.ownerRef(job, "batch/v1", "Job"));
        Json.metadata(evicted).putArray("finalizers").add(JobPods.FINALIZER);
        Plan first = JobController.plan(job, List.of(evicted), NOW, 0);
        assertEquals("write evicted", describe(first), "nothing to record: the finalizer just goes");
        Plan second = JobController.plan(job, List.of(JobPods.withoutFinalizer(evicted)), NOW, 0);
        assertEquals("create 1, status", describe(second));
        assertEquals(0, status(second, 1).at("/status/failed").asInt());
    }

    @Test
    void anIndexFailsPastItsOwnBackoffLimitAndTheJobWithIt() {
        ObjectNode job = indexedJob(2, 2);
        job.with("spec").put("backoffLimitPerIndex", 1).put("backoffLimit", Integer.MAX_VALUE);
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z");
        ObjectNode firstFailure = indexedPod(job, 0, "Failed", false);
        Json.metadata(firstFailure).with("annotations").put(JobIndexes.FAILURE_COUNT, "0");
        ObjectNode one = indexedPod(job, 1, "Running", true);
        Plan retry = JobController.plan(job, List.of(firstFailure, one), NOW, 0);
        assertEquals("create 1, status", describe(retry));
        JsonNode replacement = ((Plan.Creates) retry.steps().get(0)).creates().get(0).object();
        assertEquals("0 1", replacement.at("/metadata/annotations").path(JobIndexes.INDEX).asText() + " "
                + replacement.at("/metadata/annotations").path(JobIndexes.FAILURE_COUNT).asText());
        assertEquals("", status(retry, 1).at("/status/failedIndexes").asText());

        ObjectNode secondFailure = indexedPod(job, 0, "Failed", true);
        Json.metadata(secondFailure).with("annotations").put(JobIndexes.FAILURE_COUNT, "1");
        ObjectNode oneDone = indexedPod(job, 1, "Succeeded", true);
        Plan record = JobController.plan(job, List.of(firstFailure, secondFailure, oneDone), NOW, 0);
        ObjectNode recorded = status(record, 0);
        assertEquals("0 1", recorded.at("/status/failedIndexes").asText() + " " + recorded.at("/status/completedIndexes").asText());
        Plan fail = JobController.plan(recorded, List.of(firstFailure, JobPods.withoutFinalizer(secondFailure),
                JobPods.withoutFinalizer(oneDone)), NOW, 0);
        assertEquals("status, event FailedIndexes", describe(fail));
        assertEquals("Job has failed indexes", Workload.condition(status(fail, 0), "Failed").path("message").asText());
    }

    @Test
    void moreFailedIndexesThanAllowedFailTheJobAtOnce() {
        ObjectNode job = indexedJob(4, 4);
        job.with("spec").put("backoffLimitPerIndex", 0).put("maxFailedIndexes", 0).put("backoffLimit", Integer.MAX_VALUE);
        Workload.status(job).put("startTime", "2026-12-01T11:00:00Z").put("failedIndexes", "2");
        Plan plan = JobController.plan(job, List.of(indexedPod(job, 0, "Running", true)), NOW, 0);
        assertEquals("write p0-Running, delete p0-Running, status, event MaxFailedIndexesExceeded", describe(plan));
    }

    @Test
    void podsNoJobCanCountAnyMoreLoseTheFinalizer() {
        ObjectNode job = job(1, 1, 6);
        ObjectNode gone = job(1, 1, 6);
        Json.metadata(gone).put("uid", "j-gone");
        ObjectNode ofGoneJob = jobPod("deleted", gone, "Running", true);
        Json.metadata(ofGoneJob).put("deletionTimestamp", "2026-12-01T11:59:00Z");
        ObjectNode orphaned = jobPod("orphaned", gone, "Running", true);
        Json.metadata(orphaned).remove("ownerReferences");
        ObjectNode newJobsPod = jobPod("new", gone, "Running", true);
        ObjectNode listedJobsPod = jobPod("listed", job, "Running", true);
        Json.metadata(listedJobsPod).put("deletionTimestamp", "2026-12-01T11:59:00Z");
        assertEquals("write deleted, write orphaned", describe(JobController.orphans(List.of(job),
                List.of(ofGoneJob, orphaned, newJobsPod, listedJobsPod))),
                "a pod of an unlisted Job that is not being deleted may belong to a Job newer than the list");
    }
}
