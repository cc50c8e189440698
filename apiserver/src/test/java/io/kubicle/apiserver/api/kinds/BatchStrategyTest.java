package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.NOW;
import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.TableColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatchStrategyTest {
    private final JobStrategy jobs = new JobStrategy();
    private final CronJobStrategy cronJobs = new CronJobStrategy();

    @Test
    void completedJobRow() {
        assertEquals(List.of("Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"),
                jobs.columns().stream().map(TableColumn::name).collect(Collectors.toList()));
        ObjectNode job = json("""
                {"metadata":{"name":"pi","creationTimestamp":"2025-06-01T11:00:00Z"},
                 "spec":{"completions":1,"parallelism":1,
                  "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"c0ffee"}},
                  "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34"}]}}},
                 "status":{"succeeded":1,"startTime":"2025-06-01T11:00:01Z","completionTime":"2025-06-01T11:00:13Z",
                  "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}""");
        assertEquals(List.of("pi", "Complete", "1/1", "12s", "60m", "pi", "perl:5.34",
                "batch.kubernetes.io/controller-uid=c0ffee"), jobs.cells(job, NOW));
        assertEquals("1", jobs.fieldValue(job, "status.successful"));
        assertNull(jobs.fieldValue(job, "status.failed"));
    }

    @Test
    void runningSuspendedAndParallelJobs() {
        ObjectNode running = json("""
                {"metadata":{"name":"work"},"spec":{"parallelism":3},
                 "status":{"succeeded":1,"startTime":"2025-06-01T11:57:00Z"}}""");
        assertEquals(List.of("work", "Running", "1/1 of 3", "3m"), jobs.cells(running, NOW).subList(0, 4));
        ObjectNode suspended = json("""
                {"metadata":{"name":"work"},"spec":{"completions":5},
                 "status":{"conditions":[{"type":"Suspended","status":"True"}]}}""");
        assertEquals(List.of("work", "Suspended", "0/5", ""), jobs.cells(suspended, NOW).subList(0, 4));
    }

    @Test
    void jobDefaultsAndRestartPolicy() {
        ObjectNode job = json("""
                {"metadata":{"name":"pi"},"spec":{"template":{"metadata":{"labels":{"app":"pi"}},
                  "spec":{"containers":[{"name":"pi","image":"perl"}]}}}}""");
        jobs.applyDefaults(job);
        assertEquals(json("{\"app\":\"pi\"}"), job.at("/metadata/labels"));
        ObjectNode spec = (ObjectNode) job.get("spec").deepCopy();
        spec.remove("template");
        assertEquals(json("""
                {"completions":1,"parallelism":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,
                 "podReplacementPolicy":"TerminatingOrFailed"}"""), spec);
        assertEquals(List.of("spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""),
                messages(jobs.validate(job, null)));
        job.with("spec").with("template").with("spec").put("restartPolicy", "OnFailure");
        assertTrue(jobs.validate(job, null).isEmpty());
    }

    @Test
    void cronJobRowAndDefaults() {
        assertEquals(List.of("Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers",
                "Images", "Selector"), cronJobs.columns().stream().map(TableColumn::name).collect(Collectors.toList()));
        ObjectNode cj = json("""
                {"metadata":{"name":"backup","creationTimestamp":"2025-05-30T12:00:00Z"},
                 "spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":{
                   "restartPolicy":"OnFailure","containers":[{"name":"b","image":"backup:2"}]}}}}},
                 "status":{"active":[{"name":"backup-1"}],"lastScheduleTime":"2025-06-01T11:55:00Z"}}""");
        cronJobs.applyDefaults(cj);
        assertEquals(List.of("backup", "*/5 * * * *", "<none>", "False", 1L, "5m", "2d", "b", "backup:2", "<none>"),
                cronJobs.cells(cj, NOW));
        assertEquals("Allow", cj.at("/spec/concurrencyPolicy").asText());
        assertEquals(3, cj.at("/spec/successfulJobsHistoryLimit").asInt());
        assertEquals(1, cj.at("/spec/failedJobsHistoryLimit").asInt());
        assertTrue(cronJobs.validate(cj, null).isEmpty());
    }

    @Test
    void cronScheduleValidation() {
        assertNull(CronSchedule.parseError("0 3 * * mon-fri"));
        assertNull(CronSchedule.parseError("@daily"));
        assertNull(CronSchedule.parseError("@every 1h30m"));
        assertNull(CronSchedule.parseError("15,45 */2 1-15 JAN-jun ?"));
        assertEquals("expected exactly 5 fields, found 1: [foo]", CronSchedule.parseError("foo"));
        assertEquals("end of range (61) above maximum (59): 61", CronSchedule.parseError("61 * * * *"));
        assertEquals("beginning of range (0) below minimum (1): 0", CronSchedule.parseError("* * 0 * *"));
        assertEquals("failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
                CronSchedule.parseError("x * * * *"));
        assertEquals("unrecognized descriptor: @sometimes", CronSchedule.parseError("@sometimes"));
        ObjectNode cj = json("""
                {"metadata":{"name":"a-name-that-is-much-too-long-for-a-cron-job-because-of-suffixes"},
                 "spec":{"schedule":"61 * * * *","concurrencyPolicy":"Sometimes","timeZone":"Mars/Olympus",
                  "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"c",
                   "terminationMessagePolicy":"File","imagePullPolicy":"Always"}],"dnsPolicy":"ClusterFirst"}}}}}}""");
        assertEquals(List.of(
                "metadata.name: Invalid value: \"a-name-that-is-much-too-long-for-a-cron-job-because-of-suffixes\":"
                        + " must be no more than 52 characters",
                "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61",
                "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus",
                "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""),
                messages(cronJobs.validate(cj, null)));
        cj.with("spec").remove("schedule");
        assertTrue(messages(cronJobs.validate(cj, null)).contains("spec.schedule: Required value"));
    }

    @Test
    void podFailurePoliciesAndPerIndexLimitsAreValidatedAsKubeDoes() {
        ObjectNode job = json("""
                {"metadata":{"name":"train"},"spec":{"backoffLimitPerIndex":1,"maxFailedIndexes":1,
                 "podFailurePolicy":{"rules":[
                  {"action":"FailIndex","onExitCodes":{"operator":"In","values":[0,3,2,3]}},
                  {"action":"Retry","onExitCodes":{"containerName":"sidecar","operator":"Any","values":[]}},
                  {"onPodConditions":[{"type":"DisruptionTarget","status":"Maybe"}]},
                  {"action":"Ignore"}]},
                 "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox"}]}}}}""");
        jobs.applyDefaults(job);
        assertEquals(List.of(
                "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
                "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode",
                "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
                "spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 3",
                "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 2, 3}: must be ordered",
                "spec.podFailurePolicy.rules[1].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\","
                        + " \"FailJob\", \"Ignore\"",
                "spec.podFailurePolicy.rules[1].onExitCodes.operator: Unsupported value: \"Any\": supported values: \"In\", \"NotIn\"",
                "spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: \"sidecar\": must be one of the"
                        + " container or initContainer names in the pod template",
                "spec.podFailurePolicy.rules[1].onExitCodes.values: Invalid value: []int32{}: at least one value is required",
                "spec.podFailurePolicy.rules[2].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
                "spec.podFailurePolicy.rules[2].onPodConditions[0].status: Unsupported value: \"Maybe\": supported values:"
                        + " \"False\", \"True\", \"Unknown\"",
                "spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"),
                jobs.validate(job, null).stream().map(Object::toString).toList());
        ObjectNode failIndexWithoutLimit = json("""
                {"metadata":{"name":"train"},"spec":{"completionMode":"Indexed","completions":2,
                 "podFailurePolicy":{"rules":[{"action":"FailIndex","onPodConditions":[{"type":"X","status":"True"}]}]},
                 "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox"}]}}}}""");
        jobs.applyDefaults(failIndexWithoutLimit);
        assertEquals(List.of("spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the"
                + " backoffLimitPerIndex to be set"), jobs.validate(failIndexWithoutLimit, null).stream().map(Object::toString).toList());
    }
}
