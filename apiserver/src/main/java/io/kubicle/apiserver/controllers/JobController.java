package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kube's JobController.syncJob for one non-indexed Job. Finished pods are counted with kube's
 * restart-safe protocol: every pod carries the {@code batch.kubernetes.io/job-tracking} finalizer; a
 * finished pod's uid is first recorded in status.uncountedTerminatedPods, then its finalizer is
 * removed, then the uid moves into the succeeded/failed counters, so a crash between any two steps
 * neither loses nor double counts a pod.
 */
final class JobController {
    static final String COMPONENT = "job-controller";
    static final String FINALIZER = "batch.kubernetes.io/job-tracking";

    private JobController() {
    }

    static Plan plan(ObjectNode job, List<ObjectNode> pods, Instant now, long backoffMillis) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("batch/v1", "Job", job);
        List<ObjectNode> owned = pods.stream().filter(p -> Workload.controlledBy(p, job)).toList();
        ObjectNode status = Workload.status(job.deepCopy());
        boolean finished = Conditions.isTrue(job, "Complete") || Conditions.isTrue(job, "Failed");
        ObjectNode uncounted = status.with("uncountedTerminatedPods");
        Set<String> recorded = new HashSet<>();
        uncounted.path("succeeded").forEach(u -> recorded.add(u.asText()));
        uncounted.path("failed").forEach(u -> recorded.add(u.asText()));
        List<ObjectNode> release = new ArrayList<>();
        for (ObjectNode pod : owned) {
            if (!hasFinalizer(pod) || !(Workload.terminal(pod) || Workload.deleting(pod))) {
                continue;
            }
            if (!finished && !recorded.contains(Workload.uid(pod))) {
                uncounted.withArray(Workload.phase(pod).equals("Succeeded") ? "succeeded" : "failed").add(Workload.uid(pod));
            }
            release.add(pod);
        }
        if (!release.isEmpty()) {
            if (!status.equals(job.path("status"))) {
                ObjectNode next = job.deepCopy();
                next.set("status", status);
                plan.add(new Plan.Replace(Resource.JOBS, next, true));
            }
            release.forEach(pod -> plan.add(new Plan.Replace(Resource.PODS, withoutFinalizer(pod), false)));
            return plan.build();
        }
        Set<String> stillHeld = new HashSet<>();
        owned.stream().filter(JobController::hasFinalizer).forEach(p -> stillHeld.add(Workload.uid(p)));
        long succeeded = status.path("succeeded").asLong(0) + settle(uncounted, "succeeded", stillHeld);
        long failed = status.path("failed").asLong(0) + settle(uncounted, "failed", stillHeld);
        List<ObjectNode> active = owned.stream().filter(Workload::active).toList();
        JsonNode spec = job.path("spec");
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        if (finished) {
            return plan.build();
        }
        boolean suspended = spec.path("suspend").asBoolean(false);
        if (!suspended && !status.has("startTime")) {
            status.put("startTime", stamp);
        }
        Integer completions = spec.path("completions").isNumber() ? spec.path("completions").asInt() : null;
        int parallelism = spec.path("parallelism").asInt(1);
        long deadline = spec.path("activeDeadlineSeconds").asLong(0);
        Instant started = Workload.time(status.path("startTime").asText(""));
        String failure = null;
        String failureMessage = null;
        if (failed > spec.path("backoffLimit").asLong(6)) {
            failure = "BackoffLimitExceeded";
            failureMessage = "Job has reached the specified backoff limit";
        } else if (deadline > 0 && !suspended && !started.plusSeconds(deadline).isAfter(now)) {
            failure = "DeadlineExceeded";
            failureMessage = "Job was active longer than specified deadline";
        }
        boolean complete = completions != null ? succeeded >= completions : succeeded > 0 && active.isEmpty();
        int want;
        if (failure != null || complete || suspended || Workload.deleting(job)) {
            want = 0;
        } else if (completions == null) {
            want = succeeded > 0 ? active.size() : parallelism;
        } else {
            want = (int) Math.min(parallelism, Math.max(0, completions - succeeded));
        }
        if (active.size() < want) {
            if (backoffMillis > 0) {
                plan.requeue(backoffMillis);
            } else {
                List<Plan.Create> creates = new ArrayList<>();
                for (int i = active.size(); i < want; i++) {
                    creates.add(new Plan.Create(Resource.PODS, pod(job), involved, "SuccessfulCreate", "Created pod: {name}"));
                }
                plan.add(new Plan.Creates(creates));
            }
        }
        for (ObjectNode pod : ReplicaSetController.toDelete(active, Math.max(0, active.size() - want))) {
            plan.add(new Plan.Replace(Resource.PODS, withoutFinalizer(pod), false));
            plan.add(new Plan.Delete(Resource.PODS, pod, involved, "SuccessfulDelete", "Deleted pod: " + Workload.name(pod)));
        }
        ReplicaSetController.counter(status, "active", active.size() - Math.max(0, active.size() - want));
        status.put("ready", (int) active.stream().filter(Workload::ready).count());
        ReplicaSetController.counter(status, "succeeded", succeeded);
        ReplicaSetController.counter(status, "failed", failed);
        Plan.Event event = null;
        if (failure != null) {
            Conditions.set(status, "FailureTarget", "True", failure, failureMessage, now, "lastProbeTime");
            Conditions.set(status, "Failed", "True", failure, failureMessage, now, "lastProbeTime");
            event = new Plan.Event(involved, "Warning", failure, failureMessage);
        } else if (complete) {
            Conditions.set(status, "SuccessCriteriaMet", "True", "CompletionsReached",
                    "Reached expected number of succeeded pods", now, "lastProbeTime");
            Conditions.set(status, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods",
                    now, "lastProbeTime");
            status.put("completionTime", stamp);
            event = new Plan.Event(involved, "Normal", "Completed", "Job completed");
        } else if (suspended) {
            Conditions.set(status, "Suspended", "True", "JobSuspended", "Job suspended", now, "lastProbeTime");
        } else if (Workload.condition(job, "Suspended") != null) {
            Conditions.set(status, "Suspended", "False", "JobResumed", "Job resumed", now, "lastProbeTime");
        }
        if (!status.equals(job.path("status"))) {
            ObjectNode next = job.deepCopy();
            next.set("status", status);
            plan.add(new Plan.Replace(Resource.JOBS, next, true));
        }
        if (event != null) {
            plan.add(event);
        }
        if (deadline > 0 && failure == null && !complete && !suspended) {
            plan.requeue(Math.max(1, started.plusSeconds(deadline).toEpochMilli() - now.toEpochMilli()));
        }
        return plan.build();
    }

    /** Moves recorded uids whose pods no longer hold the finalizer into the counter; answers how many. */
    private static long settle(ObjectNode uncounted, String field, Set<String> stillHeld) {
        ArrayNode left = Json.MAPPER.createArrayNode();
        long moved = 0;
        for (JsonNode uid : uncounted.path(field)) {
            if (stillHeld.contains(uid.asText())) {
                left.add(uid);
            } else {
                moved++;
            }
        }
        if (uncounted.has(field)) {
            if (left.isEmpty()) {
                uncounted.remove(field);
            } else {
                uncounted.set(field, left);
            }
        }
        return moved;
    }

    /** A pod of the Job: its template plus the labels kube's job controller relies on, and the finalizer. */
    static ObjectNode pod(ObjectNode job) {
        ObjectNode pod = Workload.podFromTemplate(job, job.path("spec").path("template"),
                Workload.ownerRef(job, "batch/v1", "Job"));
        ObjectNode labels = Json.metadata(pod).with("labels");
        labels.put("batch.kubernetes.io/controller-uid", Workload.uid(job)).put("batch.kubernetes.io/job-name",
                Workload.name(job)).put("controller-uid", Workload.uid(job)).put("job-name", Workload.name(job));
        Json.metadata(pod).withArray("finalizers").add(FINALIZER);
        return pod;
    }

    static boolean hasFinalizer(JsonNode pod) {
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (f.asText().equals(FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode withoutFinalizer(ObjectNode pod) {
        ObjectNode copy = pod.deepCopy();
        ArrayNode kept = Json.MAPPER.createArrayNode();
        copy.path("metadata").path("finalizers").forEach(f -> {
            if (!f.asText().equals(FINALIZER)) {
                kept.add(f);
            }
        });
        Workload.setOrRemove(Json.metadata(copy), "finalizers", kept);
        return copy;
    }
}
