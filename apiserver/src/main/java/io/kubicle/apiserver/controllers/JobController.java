package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's JobController.syncJob for one Job, NonIndexed or Indexed. Finished pods are counted with
 * kube's restart-safe protocol: every pod carries the {@code batch.kubernetes.io/job-tracking}
 * finalizer; what a finished pod means (its uid in status.uncountedTerminatedPods, its index in
 * completedIndexes or failedIndexes, a FailureTarget from the pod failure policy) is written first,
 * then its finalizer is removed, then uids move into the succeeded/failed counters, so a crash
 * between any two steps neither loses nor double counts a pod.
 */
final class JobController {
    static final String COMPONENT = "job-controller";
    static final String FAILURE_TARGET = "FailureTarget";

    private JobController() {
    }

    /** What the Job's spec says, read once. */
    private record Spec(boolean indexed, Integer completions, int parallelism, Integer perIndex) {
        static Spec of(JsonNode job) {
            JsonNode spec = job.path("spec");
            boolean indexed = spec.path("completionMode").asText("").equals("Indexed");
            Integer completions = spec.path("completions").isNumber() ? spec.path("completions").asInt() : null;
            Integer perIndex = indexed && spec.path("backoffLimitPerIndex").isNumber()
                    ? spec.path("backoffLimitPerIndex").asInt() : null;
            return new Spec(indexed && completions != null, completions, spec.path("parallelism").asInt(1), perIndex);
        }

        /** NonIndexed: every pod counts; Indexed: only pods with an index below completions. */
        boolean valid(JsonNode pod) {
            int ix = JobIndexes.of(pod);
            return !indexed || ix >= 0 && ix < completions;
        }
    }

    static Plan plan(ObjectNode job, List<ObjectNode> pods, Instant now, long backoffMillis) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("batch/v1", "Job", job);
        List<ObjectNode> owned = pods.stream().filter(p -> Workload.controlledBy(p, job)).toList();
        Spec spec = Spec.of(job);
        ObjectNode status = Workload.status(job.deepCopy());
        boolean finished = Conditions.isTrue(job, "Complete") || Conditions.isTrue(job, "Failed");
        JobIndexes succeededIndexes = spec.indexed()
                ? JobIndexes.parse(status.path("completedIndexes").asText(""), spec.completions()) : JobIndexes.none();
        JobIndexes failedIndexes = spec.perIndex() != null
                ? JobIndexes.parse(status.path("failedIndexes").asText(""), spec.completions()) : JobIndexes.none();
        ObjectNode uncounted = status.with("uncountedTerminatedPods");
        Set<String> recorded = new HashSet<>();
        uncounted.path("succeeded").forEach(u -> recorded.add(u.asText()));
        uncounted.path("failed").forEach(u -> recorded.add(u.asText()));
        List<ObjectNode> release = new ArrayList<>();
        Set<Integer> newSucceeded = new HashSet<>();
        Set<Integer> newFailed = new HashSet<>();
        String failJob = null;
        for (ObjectNode pod : owned) {
            if (!JobPods.hasFinalizer(pod) || !(Workload.terminal(pod) || Workload.deleting(pod))) {
                continue;
            }
            release.add(pod);
            if (finished || recorded.contains(Workload.uid(pod)) || !spec.valid(pod)) {
                continue;
            }
            if (Workload.phase(pod).equals("Succeeded")) {
                if (spec.indexed()) {
                    newSucceeded.add(JobIndexes.of(pod));
                } else {
                    uncounted.withArray("succeeded").add(Workload.uid(pod));
                }
                continue;
            }
            PodFailurePolicy.Match match = PodFailurePolicy.match(job, pod);
            if (match.counts()) {
                uncounted.withArray("failed").add(Workload.uid(pod));
            }
            if (failJob == null) {
                failJob = match.failJobMessage();
            }
            if (spec.perIndex() != null && (PodFailurePolicy.FAIL_INDEX.equals(match.action())
                    || match.counts() && JobIndexes.count(pod, JobIndexes.FAILURE_COUNT, 0) >= spec.perIndex())) {
                newFailed.add(JobIndexes.of(pod));
            }
        }
        succeededIndexes = succeededIndexes.with(newSucceeded);
        failedIndexes = failedIndexes.with(newFailed);
        if (failJob != null && Workload.condition(Json.object().set("status", status), FAILURE_TARGET) == null) {
            // recorded before the finalizers go, so the reason survives the pods (kube's interim FailureTarget)
            Conditions.set(status, FAILURE_TARGET, "True", "PodFailurePolicy", failJob, now, "lastProbeTime");
        }
        if (spec.indexed() && !finished) {
            setOrRemove(status, "completedIndexes", succeededIndexes.toString());
            ReplicaSetController.counter(status, "succeeded", succeededIndexes.total());
            if (spec.perIndex() != null) {
                status.put("failedIndexes", failedIndexes.toString());
            }
        }
        if (!release.isEmpty()) {
            if (!status.equals(job.path("status"))) {
                ObjectNode next = job.deepCopy();
                next.set("status", status);
                plan.add(new Plan.Replace(Resource.JOBS, next, true));
            }
            release.forEach(pod -> plan.add(new Plan.Replace(Resource.PODS, JobPods.withoutFinalizer(pod), false)));
            return plan.build();
        }
        if (finished) {
            return plan.build();
        }
        Set<String> stillHeld = new HashSet<>();
        owned.stream().filter(JobPods::hasFinalizer).forEach(p -> stillHeld.add(Workload.uid(p)));
        long succeeded = status.path("succeeded").asLong(0) + settle(uncounted, "succeeded", stillHeld);
        long failed = status.path("failed").asLong(0) + settle(uncounted, "failed", stillHeld);
        List<ObjectNode> active = owned.stream().filter(Workload::active).toList();
        JsonNode jobSpec = job.path("spec");
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        boolean suspended = jobSpec.path("suspend").asBoolean(false);
        if (!suspended && !status.has("startTime")) {
            status.put("startTime", stamp);
        }
        long deadline = jobSpec.path("activeDeadlineSeconds").asLong(0);
        Instant started = Workload.time(status.path("startTime").asText(""));
        String[] failure = failure(job, status, spec, failed, succeededIndexes, failedIndexes,
                deadline > 0 && !suspended && !started.plusSeconds(deadline).isAfter(now));
        Integer completions = spec.completions();
        boolean complete = completions != null ? succeeded >= completions : succeeded > 0 && active.isEmpty();
        int want;
        if (failure != null || complete || suspended || Workload.deleting(job)) {
            want = 0;
        } else if (completions == null) {
            want = succeeded > 0 ? active.size() : spec.parallelism();
        } else {
            want = (int) Math.min(spec.parallelism(), Math.max(0, completions - succeeded - failedIndexes.total()));
        }
        List<ObjectNode> surplus = new ArrayList<>();
        List<ObjectNode> kept = spec.indexed() ? keepOnePerPendingIndex(active, spec, succeededIndexes, failedIndexes, surplus)
                : active;
        if (kept.size() < want) {
            if (backoffMillis > 0) {
                plan.requeue(backoffMillis);
            } else {
                plan.add(new Plan.Creates(creates(job, owned, kept, want, spec, succeededIndexes, failedIndexes, involved)));
            }
        }
        surplus.addAll(ReplicaSetController.toDelete(kept, Math.max(0, kept.size() - want)));
        for (ObjectNode pod : surplus) {
            plan.add(new Plan.Replace(Resource.PODS, JobPods.withoutFinalizer(pod), false));
            plan.add(new Plan.Delete(Resource.PODS, pod, involved, "SuccessfulDelete", "Deleted pod: " + Workload.name(pod)));
        }
        ReplicaSetController.counter(status, "active", active.size() - surplus.size());
        status.put("ready", (int) active.stream().filter(Workload::ready).count());
        ReplicaSetController.counter(status, "succeeded", succeeded);
        ReplicaSetController.counter(status, "failed", failed);
        Plan.Event event = null;
        if (failure != null) {
            Conditions.set(status, FAILURE_TARGET, "True", failure[0], failure[1], now, "lastProbeTime");
            Conditions.set(status, "Failed", "True", failure[0], failure[1], now, "lastProbeTime");
            event = new Plan.Event(involved, "Warning", failure[0], failure[1]);
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

    /**
     * handleOrphanPod: the tracking finalizer of a pod no Job can count any more goes, or the pod would
     * never be deleted — a pod without a Job controller (orphaned), or one being deleted whose Job is
     * not listed (gone; its pod outlives it because of the finalizer). A pod not being deleted whose
     * Job is missing from the list may belong to a Job created after the list was read: it waits for
     * the garbage collector to delete it.
     */
    static Plan orphans(List<ObjectNode> jobs, List<ObjectNode> pods) {
        Set<String> listed = new HashSet<>();
        jobs.forEach(j -> listed.add(Workload.uid(j)));
        Plan.Builder plan = new Plan.Builder();
        for (ObjectNode pod : pods) {
            JsonNode ref = Workload.controllerRef(pod);
            boolean jobOwned = ref != null && ref.path("kind").asText().equals("Job")
                    && ref.path("apiVersion").asText().startsWith("batch/");
            if (JobPods.hasFinalizer(pod) && (!jobOwned || Workload.deleting(pod) && !listed.contains(ref.path("uid").asText()))) {
                plan.add(new Plan.Replace(Resource.PODS, JobPods.withoutFinalizer(pod), false));
            }
        }
        return plan.build();
    }

    /**
     * Why the Job fails, as {reason, message}, or null; in syncJob's order: a FailureTarget already
     * recorded (a FailJob rule), the backoff limit, the active deadline, then the per-index limits.
     */
    private static String[] failure(JsonNode job, JsonNode status, Spec spec, long failed, JobIndexes succeededIndexes,
                                    JobIndexes failedIndexes, boolean pastDeadline) {
        JsonNode target = Workload.condition(Json.object().set("status", status), FAILURE_TARGET);
        if (target != null && target.path("status").asText().equals("True")) {
            return new String[] {target.path("reason").asText(), target.path("message").asText()};
        }
        if (failed > job.path("spec").path("backoffLimit").asLong(6)) {
            return new String[] {"BackoffLimitExceeded", "Job has reached the specified backoff limit"};
        }
        if (pastDeadline) {
            return new String[] {"DeadlineExceeded", "Job was active longer than specified deadline"};
        }
        if (spec.perIndex() != null) {
            JsonNode max = job.path("spec").path("maxFailedIndexes");
            if (max.isNumber() && failedIndexes.total() > max.asInt()) {
                return new String[] {"MaxFailedIndexesExceeded",
                        "Job has exceeded the specified maximal number of failed indexes"};
            }
            if (failedIndexes.total() > 0 && failedIndexes.total() + succeededIndexes.total() >= spec.completions()) {
                return new String[] {"FailedIndexes", "Job has failed indexes"};
            }
        }
        return null;
    }

    /**
     * Indexed: active pods without a valid index, of an index already succeeded or failed, and all but
     * one of each duplicated index go to {@code surplus} (appendDuplicatedIndexPodsForRemoval); the rest
     * is answered.
     */
    private static List<ObjectNode> keepOnePerPendingIndex(List<ObjectNode> active, Spec spec, JobIndexes succeeded,
                                                           JobIndexes failed, List<ObjectNode> surplus) {
        Map<Integer, List<ObjectNode>> byIndex = new HashMap<>();
        for (ObjectNode pod : active) {
            int ix = JobIndexes.of(pod);
            if (!spec.valid(pod) || succeeded.has(ix) || failed.has(ix)) {
                surplus.add(pod);
            } else {
                byIndex.computeIfAbsent(ix, i -> new ArrayList<>()).add(pod);
            }
        }
        List<ObjectNode> kept = new ArrayList<>();
        for (List<ObjectNode> same : byIndex.values()) {
            List<ObjectNode> extra = ReplicaSetController.toDelete(same, same.size() - 1);
            surplus.addAll(extra);
            same.stream().filter(p -> !extra.contains(p)).forEach(kept::add);
        }
        return kept;
    }

    private static List<Plan.Create> creates(ObjectNode job, List<ObjectNode> owned, List<ObjectNode> kept, int want,
                                             Spec spec, JobIndexes succeeded, JobIndexes failed, Plan.Involved involved) {
        List<Plan.Create> creates = new ArrayList<>();
        if (!spec.indexed()) {
            for (int i = kept.size(); i < want; i++) {
                creates.add(new Plan.Create(Resource.PODS, JobPods.pod(job), involved, "SuccessfulCreate", "Created pod: {name}"));
            }
            return creates;
        }
        JobIndexes running = JobIndexes.none().with(kept.stream().map(JobIndexes::of).toList());
        for (int index : JobIndexes.firstPending(want - kept.size(), spec.completions(), succeeded, failed, running)) {
            creates.add(new Plan.Create(Resource.PODS, JobPods.indexed(job, index, lastFailed(owned, index)), involved,
                    "SuccessfulCreate", "Created pod: {name}"));
        }
        return creates;
    }

    /** The failed pod of the index with the most failures behind it: the one a new pod replaces. */
    private static JsonNode lastFailed(List<ObjectNode> owned, int index) {
        JsonNode last = null;
        int most = -1;
        for (ObjectNode pod : owned) {
            if (JobIndexes.of(pod) != index || Workload.phase(pod).equals("Succeeded") || Workload.active(pod)) {
                continue;
            }
            int failures = JobIndexes.count(pod, JobIndexes.FAILURE_COUNT, 0)
                    + JobIndexes.count(pod, JobIndexes.IGNORED_FAILURE_COUNT, 0);
            if (failures > most) {
                most = failures;
                last = pod;
            }
        }
        return last;
    }

    private static void setOrRemove(ObjectNode status, String field, String value) {
        if (value.isEmpty()) {
            status.remove(field);
        } else {
            status.put(field, value);
        }
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
}
