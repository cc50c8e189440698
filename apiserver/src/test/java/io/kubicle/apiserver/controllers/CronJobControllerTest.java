package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.ReplicaSetControllerTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronJobControllerTest {
    /** NOW is 12:00; the first schedule due is 12:00, the next 12:05. */
    private static final String DUE = "pi-29935440";
    private static final long UNTIL_NEXT = 5 * 60_000 + 100;

    static ObjectNode cronJob(String extraSpec) {
        return Objects.parse("{'apiVersion':'batch/v1','kind':'CronJob','metadata':{'name':'pi','namespace':'ns','uid':'c-1',"
                + "'creationTimestamp':'2026-12-01T11:58:00Z'},'spec':{'schedule':'*/5 * * * *'" + extraSpec + ","
                + "'jobTemplate':{'metadata':{'labels':{'team':'a'}},'spec':{'template':{'spec':{'restartPolicy':'Never',"
                + "'containers':[{'name':'c','image':'busybox'}]}}}}}}");
    }

    static ObjectNode job(ObjectNode cj, String name, String condition, String started) {
        ObjectNode job = CronJobController.job(cj, name, NOW);
        Json.metadata(job).put("uid", name + "-uid");
        ObjectNode status = Workload.status(job).put("startTime", started);
        if (condition != null) {
            status.putArray("conditions").addObject().put("type", condition).put("status", "True");
            status.put("completionTime", started);
        }
        return job;
    }

    @Test
    void theDueScheduleCreatesItsJobOnce() {
        ObjectNode cj = cronJob("");
        Plan plan = CronJobController.plan(cj, List.of(), NOW, 0);
        assertEquals("create 1, status, requeue " + UNTIL_NEXT, describe(plan));
        JsonNode job = ((Plan.Creates) plan.steps().get(0)).creates().get(0).object();
        assertEquals(DUE, Workload.name(job));
        assertEquals("a", job.at("/metadata/labels/team").asText());
        assertEquals("2026-12-01T12:00:00Z", job.at("/metadata/annotations").path(CronJobController.SCHEDULED).asText());
        assertEquals("CronJob", job.at("/metadata/ownerReferences/0/kind").asText());
        ObjectNode next = ((Plan.Replace) plan.steps().get(1)).object();
        assertEquals("2026-12-01T12:00:00Z", next.at("/status/lastScheduleTime").asText());
        assertEquals("status, requeue " + UNTIL_NEXT, describe(CronJobController.plan(cronJob(""),
                List.of(job(cj, DUE, null, "2026-12-01T12:00:00Z")), NOW, 0)), "the Job exists: only the status");
    }

    @Test
    void concurrencyPolicies() {
        ObjectNode forbid = cronJob(",'concurrencyPolicy':'Forbid'");
        Workload.status(forbid).put("lastScheduleTime", "2026-12-01T11:55:00Z");
        ObjectNode running = job(forbid, "pi-29935435", null, "2026-12-01T11:55:00Z");
        assertEquals("status, requeue " + UNTIL_NEXT, describe(CronJobController.plan(forbid, List.of(running), NOW, 0)));
        ObjectNode replace = cronJob(",'concurrencyPolicy':'Replace'");
        Workload.status(replace).put("lastScheduleTime", "2026-12-01T11:55:00Z");
        assertEquals("delete pi-29935435, create 1, status, requeue " + UNTIL_NEXT,
                describe(CronJobController.plan(replace, List.of(job(replace, "pi-29935435", null, "2026-12-01T11:55:00Z")),
                        NOW, 0)));
    }

    @Test
    void suspendedOrTooLateMeansNoJob() {
        assertEquals("", describe(CronJobController.plan(cronJob(",'suspend':true"), List.of(), NOW, 0)));
        ObjectNode late = cronJob(",'startingDeadlineSeconds':0");
        assertEquals("status, requeue " + (UNTIL_NEXT - 30_000), describe(CronJobController.plan(late, List.of(),
                NOW.plusSeconds(30), 0)), "12:00 was missed by more than the deadline: only lastScheduleTime moves");
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitsGoOldestFirst() {
        ObjectNode cj = cronJob(",'successfulJobsHistoryLimit':1,'failedJobsHistoryLimit':0");
        Workload.status(cj).put("lastScheduleTime", "2026-12-01T12:00:00Z");
        List<ObjectNode> jobs = new ArrayList<>();
        jobs.add(job(cj, "pi-1", "Complete", "2026-12-01T11:00:00Z"));
        jobs.add(job(cj, "pi-2", "Complete", "2026-12-01T11:30:00Z"));
        jobs.add(job(cj, "pi-3", "Failed", "2026-12-01T11:40:00Z"));
        jobs.add(job(cj, DUE, null, "2026-12-01T12:00:00Z"));
        assertEquals("status, delete pi-1, delete pi-3, requeue " + UNTIL_NEXT, describe(CronJobController.plan(cj, jobs, NOW, 0)));
    }
}
