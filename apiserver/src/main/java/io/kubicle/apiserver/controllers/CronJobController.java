package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * kube's CronJobController (v2) syncCronJob for one CronJob: the Job of the latest missed schedule
 * is created as {@code <cronjob>-<minutes since the epoch>} (so a retry never makes a second one),
 * honouring suspend, startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid, Replace); finished
 * Jobs beyond the history limits are deleted; status.active, lastScheduleTime and lastSuccessfulTime
 * are kept. The pass asks for another look at the next schedule.
 */
final class CronJobController {
    static final String COMPONENT = "cronjob-controller";
    static final String SCHEDULED = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private CronJobController() {
    }

    static Plan plan(ObjectNode cj, List<ObjectNode> jobs, Instant now, long backoffMillis) {
        Plan.Builder plan = new Plan.Builder();
        Plan.Involved involved = new Plan.Involved("batch/v1", "CronJob", cj);
        List<ObjectNode> owned = jobs.stream().filter(j -> Workload.controlledBy(j, cj)).toList();
        List<ObjectNode> active = owned.stream().filter(j -> !finished(j) && !Workload.deleting(j)).toList();
        ObjectNode status = Workload.status(cj.deepCopy());
        JsonNode spec = cj.path("spec");
        CronExpression schedule;
        try {
            schedule = CronExpression.parse(spec.path("schedule").asText(), Json.text(spec, "timeZone"));
        } catch (RuntimeException e) {
            return plan.build(); // validation keeps bad schedules out; one stored before that waits for a fix
        }
        Instant earliest = Workload.time(status.path("lastScheduleTime").asText(""));
        if (earliest.equals(Instant.EPOCH)) {
            earliest = Workload.created(cj);
        }
        Instant due = schedule.latest(earliest, now);
        boolean suspended = spec.path("suspend").asBoolean(false);
        List<ObjectNode> running = new ArrayList<>(active);
        if (due != null && !suspended && !Workload.deleting(cj)) {
            long deadline = spec.path("startingDeadlineSeconds").asLong(-1);
            String name = Workload.name(cj) + "-" + due.getEpochSecond() / 60;
            boolean exists = owned.stream().anyMatch(j -> Workload.name(j).equals(name));
            String policy = spec.path("concurrencyPolicy").asText("Allow");
            if (exists || deadline >= 0 && due.plusSeconds(deadline).isBefore(now)) {
                status.put("lastScheduleTime", stamp(due));
            } else if (policy.equals("Forbid") && !active.isEmpty()) {
                plan.requeue(0); // the running Job's end is a change of its own
            } else if (backoffMillis > 0) {
                plan.requeue(backoffMillis);
            } else {
                if (policy.equals("Replace")) {
                    active.forEach(j -> plan.add(new Plan.Delete(Resource.JOBS, j, involved, "SuccessfulDelete",
                            "Deleted job " + Workload.name(j))));
                    running.clear();
                }
                plan.add(new Plan.Creates(List.of(new Plan.Create(Resource.JOBS, job(cj, name, due), involved,
                        "SuccessfulCreate", "Created job {name}"))));
                status.put("lastScheduleTime", stamp(due));
            }
        }
        ArrayNode refs = Json.MAPPER.createArrayNode();
        running.forEach(j -> refs.addObject().put("apiVersion", "batch/v1").put("kind", "Job").put("name", Workload.name(j))
                .put("namespace", Json.text(Json.metadata(j), "namespace")).put("uid", Workload.uid(j))
                .put("resourceVersion", Json.text(Json.metadata(j), "resourceVersion")));
        Workload.setOrRemove(status, "active", refs);
        owned.stream().filter(j -> Conditions.isTrue(j, "Complete"))
                .map(j -> Workload.time(j.path("status").path("completionTime").asText("")))
                .max(Comparator.naturalOrder()).filter(t -> !t.equals(Instant.EPOCH))
                .ifPresent(t -> status.put("lastSuccessfulTime", stamp(t)));
        if (!status.equals(cj.path("status")) && !(status.isEmpty() && cj.path("status").isMissingNode())) {
            ObjectNode next = cj.deepCopy();
            next.set("status", status);
            plan.add(new Plan.Replace(Resource.CRONJOBS, next, true));
        }
        cleanup(owned, "Complete", spec.path("successfulJobsHistoryLimit").asInt(3), involved, plan);
        cleanup(owned, "Failed", spec.path("failedJobsHistoryLimit").asInt(1), involved, plan);
        Instant next = suspended ? null : schedule.next(now);
        if (next != null) {
            plan.requeue(Math.max(1, next.toEpochMilli() - now.toEpochMilli() + 100));
        }
        return plan.build();
    }

    private static void cleanup(List<ObjectNode> owned, String condition, int limit, Plan.Involved involved,
                                Plan.Builder plan) {
        List<ObjectNode> done = owned.stream().filter(j -> Conditions.isTrue(j, condition) && !Workload.deleting(j))
                .sorted(Comparator.comparing(CronJobController::startTime)).toList();
        for (int i = 0; i < done.size() - limit; i++) {
            plan.add(new Plan.Delete(Resource.JOBS, done.get(i), involved, "SuccessfulDelete",
                    "Deleted job " + Workload.name(done.get(i))));
        }
    }

    /** getJobFromTemplate2: the template's metadata and spec, the scheduled time, the controller reference. */
    static ObjectNode job(ObjectNode cj, String name, Instant scheduled) {
        JsonNode template = cj.path("spec").path("jobTemplate");
        ObjectNode job = Json.object().put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = template.path("metadata").isObject() ? (ObjectNode) template.get("metadata").deepCopy()
                : Json.object();
        job.set("metadata", meta);
        meta.put("name", name).put("namespace", Json.text(Json.metadata(cj), "namespace"));
        meta.with("annotations").put(SCHEDULED, stamp(scheduled));
        meta.putArray("ownerReferences").add(Workload.ownerRef(cj, "batch/v1", "CronJob"));
        job.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy() : Json.object());
        return job;
    }

    static boolean finished(JsonNode job) {
        return Conditions.isTrue(job, "Complete") || Conditions.isTrue(job, "Failed");
    }

    private static Instant startTime(JsonNode job) {
        Instant start = Workload.time(job.path("status").path("startTime").asText(""));
        return start.equals(Instant.EPOCH) ? Workload.created(job) : start;
    }

    private static String stamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
