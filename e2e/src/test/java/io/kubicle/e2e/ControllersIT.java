package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process controllers, driven with the real kubectl against a tenant workspace. No kubelet
 * runs, so the test plays one: it patches pods' status (Running, Ready or Succeeded) through
 * pods/status, as the syncer does with what the host cluster reports.
 */
@ExtendWith(SharedKubicle.class)
class ControllersIT {
    private static final String POD_SUFFIX = "-[bcdfghjklmnpqrstvwxz2456789]{5}";
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("controllers"), dir.resolve("cache"));
    }

    @Test
    void deploymentRunsScalesRollsOutAndBackAndIsCollected() {
        kubectl.run("create", "namespace", "d").ok();
        kubectl.run("create", "deployment", "web", "-n", "d", "--image=nginx:1.27", "--replicas=3").ok();
        await("three pods", () -> pods("d").size() == 3);
        List<String> sets = names("replicasets", "d");
        assertEquals(1, sets.size(), sets.toString());
        String rs = sets.get(0);
        String hash = get("rs/" + rs, "d", "{.metadata.labels.pod-template-hash}");
        assertEquals("web-" + hash, rs);
        assertTrue(hash.matches("[bcdfghjklmnpqrstvwxz2456789]+"), hash);
        assertEquals("Deployment/web/true/true", get("rs/" + rs, "d",
                "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"
                        + "/{.metadata.ownerReferences[0].controller}/{.metadata.ownerReferences[0].blockOwnerDeletion}"));
        assertEquals("1", get("rs/" + rs, "d", "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
        for (String pod : pods("d")) {
            assertTrue(pod.matches(rs + POD_SUFFIX), pod);
            assertEquals("ReplicaSet/" + rs + "/true web/" + hash, get("pod/" + pod, "d",
                    "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"
                            + "/{.metadata.ownerReferences[0].controller} {.metadata.labels.app}/{.metadata.labels.pod-template-hash}"));
        }
        assertTrue(kubectl.run("get", "events", "-n", "d").ok().stdout().contains("Created pod: " + rs + "-"));

        kubectl.run("scale", "deployment/web", "-n", "d", "--replicas=5").ok();
        await("five pods", () -> pods("d").size() == 5);
        kubectl.run("scale", "deployment/web", "-n", "d", "--replicas=3").ok();
        await("three pods again", () -> pods("d").size() == 3);

        markReady("d");
        kubectl.run("rollout", "status", "deployment/web", "-n", "d", "--timeout=30s").ok();
        String table = kubectl.run("get", "deployment", "web", "-n", "d").ok().stdout();
        assertTrue(table.matches("(?s).*\\nweb\\s+3/3\\s+3\\s+3\\s+.*"), table);
        assertEquals("True/NewReplicaSetAvailable", get("deployment/web", "d",
                "{.status.conditions[?(@.type==\"Progressing\")].status}/{.status.conditions[?(@.type==\"Progressing\")].reason}"));

        kubectl.run("set", "image", "deployment/web", "-n", "d", "nginx=nginx:1.28").ok();
        rollOut("d", "web");
        List<String> afterUpdate = names("replicasets", "d");
        assertEquals(2, afterUpdate.size(), afterUpdate.toString());
        assertEquals("0", get("rs/" + rs, "d", "{.spec.replicas}"), "the old ReplicaSet is scaled down");
        for (String pod : pods("d")) {
            assertTrue(!pod.startsWith(rs + "-"), "only new pods are left: " + pod);
        }
        String history = kubectl.run("rollout", "history", "deployment/web", "-n", "d").ok().stdout();
        assertTrue(history.matches("(?s).*\\n1\\s+<none>\\n2\\s+<none>\\n.*"), history);

        kubectl.run("rollout", "undo", "deployment/web", "-n", "d").ok();
        rollOut("d", "web");
        assertEquals("nginx:1.27", get("deployment/web", "d", "{.spec.template.spec.containers[0].image}"));
        assertEquals("3 3", get("rs/" + rs, "d", "{.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"),
                "the first ReplicaSet is back, as revision 3");
        assertEquals(2, names("replicasets", "d").size());

        kubectl.run("delete", "deployment", "web", "-n", "d").ok();
        await("ReplicaSets and pods collected", () -> names("replicasets", "d").isEmpty() && pods("d").isEmpty());

        kubectl.run("create", "deployment", "fg", "-n", "d", "--image=nginx:1.27", "--replicas=2").ok();
        await("two pods", () -> pods("d").size() == 2);
        kubectl.run("delete", "deployment", "fg", "-n", "d", "--cascade=foreground", "--timeout=30s").ok();
        assertTrue(names("replicasets", "d").isEmpty() && pods("d").isEmpty(), "foreground deletion removes dependents first");
    }

    @Test
    void rolloutStatusFailsWhenNoProgressIsMadeWithinTheDeadline() {
        kubectl.run("create", "namespace", "p").ok();
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: stuck, namespace: p}
                spec:
                  replicas: 2
                  progressDeadlineSeconds: 2
                  selector: {matchLabels: {app: stuck}}
                  template:
                    metadata: {labels: {app: stuck}}
                    spec: {containers: [{name: app, image: "nginx:1.27"}]}
                """, "apply", "-f", "-").ok();
        Kubectl.Result status = kubectl.run("rollout", "status", "deployment/stuck", "-n", "p", "--timeout=60s");
        assertEquals(1, status.exitCode(), status.stdout() + status.stderr());
        assertTrue(status.stderr().contains("error: deployment \"stuck\" exceeded its progress deadline"), status.stderr());
        String rs = names("replicasets", "p").get(0);
        assertEquals("False/ProgressDeadlineExceeded/ReplicaSet \"" + rs + "\" has timed out progressing.",
                get("deployment/stuck", "p", condition("Progressing")));
        assertEquals("False/MinimumReplicasUnavailable/Deployment does not have minimum availability.",
                get("deployment/stuck", "p", condition("Available")));
        markReady("p");
        kubectl.run("rollout", "status", "deployment/stuck", "-n", "p", "--timeout=30s").ok();
        assertEquals("True/NewReplicaSetAvailable/ReplicaSet \"" + rs + "\" has successfully progressed.",
                get("deployment/stuck", "p", condition("Progressing")), "pods that come late still complete the rollout");
    }

    @Test
    void recreateReplacesEveryPodAtOnce() {
        kubectl.run("create", "namespace", "r").ok();
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: db, namespace: r}
                spec:
                  replicas: 2
                  strategy: {type: Recreate}
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: "postgres:16"}]}
                """, "apply", "-f", "-").ok();
        rollOut("r", "db");
        kubectl.run("set", "image", "deployment/db", "-n", "r", "db=postgres:17").ok();
        rollOut("r", "db");
        for (String pod : pods("r")) {
            assertEquals("postgres:17", get("pod/" + pod, "r", "{.spec.containers[0].image}"));
        }
    }

    @Test
    void quotaRefusalsBecomeFailedCreateEventsAndNoExtraPods() throws Exception {
        kubectl.run("create", "namespace", "q").ok();
        kubectl.run("create", "quota", "two-pods", "-n", "q", "--hard=pods=2").ok();
        kubectl.run("create", "deployment", "big", "-n", "q", "--image=nginx:1.27", "--replicas=4").ok();
        await("a FailedCreate event", () -> kubectl.run("get", "events", "-n", "q", "--field-selector=reason=FailedCreate",
                "-o", "jsonpath={.items[*].message}").ok().stdout().contains("exceeded quota: two-pods"));
        String messages = kubectl.run("get", "events", "-n", "q", "--field-selector=reason=FailedCreate",
                "-o", "jsonpath={.items[0].message}").ok().stdout();
        assertTrue(messages.matches("Error creating: pods \"big-[a-z0-9]+-[a-z0-9]{5}\" is forbidden: exceeded quota: two-pods,"
                + " requested: pods=1, used: pods=2, limited: pods=2"), messages);
        assertEquals("Warning", kubectl.run("get", "events", "-n", "q", "--field-selector=reason=FailedCreate",
                "-o", "jsonpath={.items[0].type}").ok().stdout());
        Thread.sleep(3000);
        assertEquals(2, pods("q").size(), "the quota holds");
        kubectl.run("delete", "namespace", "q", "--wait=false").ok();
    }

    @Test
    void jobCompletesWhenItsPodsSucceed() {
        kubectl.run("create", "namespace", "j").ok();
        kubectl.run("create", "job", "pi", "-n", "j", "--image=busybox", "--", "true").ok();
        await("the job's pod", () -> pods("j").size() == 1);
        String pod = pods("j").get(0);
        assertTrue(pod.matches("pi" + POD_SUFFIX), pod);
        String uid = get("job/pi", "j", "{.metadata.uid}");
        assertEquals("pi " + uid + " pi " + uid, get("pod/" + pod, "j", "{.metadata.labels.job-name} "
                + "{.metadata.labels.controller-uid} {.metadata.labels.batch\\.kubernetes\\.io/job-name} "
                + "{.metadata.labels.batch\\.kubernetes\\.io/controller-uid}"));
        assertEquals(uid, get("job/pi", "j", "{.spec.selector.matchLabels.batch\\.kubernetes\\.io/controller-uid}"));
        succeed("j", pod);
        Kubectl.Result waited = kubectl.run("wait", "--for=condition=complete", "job/pi", "-n", "j", "--timeout=30s").ok();
        assertEquals("job.batch/pi condition met\n", waited.stdout());
        assertEquals("1 ", get("job/pi", "j", "{.status.succeeded} {.status.active}"));
        assertEquals("", get("pod/" + pod, "j", "{.metadata.finalizers}"), "the tracking finalizer is gone once counted");
        assertEquals(1, pods("j").size(), "no pod beyond completions");
    }

    @Test
    void indexedJobRunsEveryIndexOnce() {
        kubectl.run("create", "namespace", "ix").ok();
        applyJob("ix", "shard", "completions: 3, parallelism: 3, completionMode: Indexed");
        await("three pods", () -> pods("ix").size() == 3);
        List<String> indexes = new java.util.ArrayList<>();
        for (String pod : pods("ix")) {
            String index = get("pod/" + pod, "ix", "{.metadata.annotations.batch\\.kubernetes\\.io/job-completion-index}");
            indexes.add(index);
            assertTrue(pod.matches("shard-" + index + POD_SUFFIX), pod);
            assertEquals(index + " shard-" + index + " JOB_COMPLETION_INDEX "
                    + "metadata.annotations['batch.kubernetes.io/job-completion-index']", get("pod/" + pod, "ix",
                    "{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index} {.spec.hostname} "
                            + "{.spec.containers[0].env[0].name} {.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath}"));
        }
        java.util.Collections.sort(indexes);
        assertEquals(List.of("0", "1", "2"), indexes);
        pods("ix").forEach(pod -> succeed("ix", pod));
        kubectl.run("wait", "--for=condition=complete", "job/shard", "-n", "ix", "--timeout=30s").ok();
        assertEquals("0-2 3", get("job/shard", "ix", "{.status.completedIndexes} {.status.succeeded}"));
        assertEquals(3, pods("ix").size(), "no index ran twice");
    }

    @Test
    void podFailurePolicyFailsTheJobOnAFatalExitCode() {
        kubectl.run("create", "namespace", "pf").ok();
        applyJob("pf", "train", "backoffLimit: 6, podFailurePolicy: {rules: [{action: FailJob,"
                + " onExitCodes: {containerName: main, operator: In, values: [42]}}]}");
        await("the job's pod", () -> pods("pf").size() == 1);
        String pod = pods("pf").get(0);
        kubectl.run("patch", "pod", pod, "-n", "pf", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"main\",\"image\":\"busybox\","
                        + "\"imageID\":\"\",\"ready\":false,\"restartCount\":0,"
                        + "\"state\":{\"terminated\":{\"exitCode\":42,\"reason\":\"Error\"}}}]}}").ok();
        kubectl.run("wait", "--for=condition=failed", "job/train", "-n", "pf", "--timeout=30s").ok();
        assertEquals("True/PodFailurePolicy/Container main for pod pf/" + pod
                + " failed with exit code 42 matching FailJob rule at index 0", get("job/train", "pf", condition("Failed")));
        assertEquals(1, pods("pf").size(), "no retry after a FailJob rule matched");
    }

    @Test
    void finishedJobIsDeletedAfterItsTtl() {
        kubectl.run("create", "namespace", "ttl").ok();
        // the finish time has whole seconds (as kube's), so a TTL of 1 s may leave well under a second after completion:
        // too little for the first wait to see the Job at all
        applyJob("ttl", "once", "ttlSecondsAfterFinished: 3");
        await("the job's pod", () -> pods("ttl").size() == 1);
        succeed("ttl", pods("ttl").get(0));
        kubectl.run("wait", "--for=condition=complete", "job/once", "-n", "ttl", "--timeout=30s").ok();
        kubectl.run("wait", "--for=delete", "job/once", "-n", "ttl", "--timeout=30s").ok();
        await("its pod collected", () -> pods("ttl").isEmpty());
    }

    @Test
    void statefulSetPodsComeUpInOrderWithTheirClaims() {
        kubectl.run("create", "namespace", "s").ok();
        kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: s}
                spec:
                  replicas: 3
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: "postgres:16"}]}
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """, "apply", "-f", "-").ok();
        await("the first pod", () -> pods("s").equals(List.of("db-0")));
        assertEquals(List.of("data-db-0"), names("persistentvolumeclaims", "s"));
        markReady("s");
        await("the second pod, once the first is ready", () -> pods("s").equals(List.of("db-0", "db-1")));
        await("the rollout", () -> {
            markReady("s");
            return kubectl.run("rollout", "status", "statefulset/db", "-n", "s", "--watch=false").ok().stdout()
                    .contains("complete");
        });
        assertEquals(List.of("db-0", "db-1", "db-2"), pods("s"));
        assertEquals("db-2 db data-db-2", get("pod/db-2", "s", "{.spec.hostname} {.spec.subdomain} "
                + "{.spec.volumes[?(@.name==\"data\")].persistentVolumeClaim.claimName}"));
        kubectl.run("scale", "statefulset/db", "-n", "s", "--replicas=1").ok();
        await("scale down from the highest ordinal", () -> {
            markReady("s");
            return pods("s").equals(List.of("db-0"));
        });
        assertEquals("1", get("statefulset/db", "s", "{.status.readyReplicas}"));
    }

    @Test
    void cronJobStartsJobsOnScheduleAndForgetsOldOnes() {
        kubectl.run("create", "namespace", "c").ok();
        kubectl.run("create", "cronjob", "tick", "-n", "c", "--image=busybox", "--schedule=@every 2s", "--", "true").ok();
        kubectl.run("patch", "cronjob", "tick", "-n", "c", "--type=merge", "-p",
                "{\"spec\":{\"concurrencyPolicy\":\"Forbid\",\"successfulJobsHistoryLimit\":0}}").ok();
        await("a scheduled Job", () -> names("jobs", "c").size() == 1);
        String job = names("jobs", "c").get(0);
        assertTrue(job.matches("tick-[0-9]+"), job);
        assertEquals("CronJob/tick", get("job/" + job, "c", "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"));
        await("the Job listed as active", () -> get("cronjob/tick", "c", "{.status.active[0].name}").equals(job));
        await("the Job's pod", () -> pods("c").size() == 1);
        String first = get("job/" + job, "c", "{.metadata.uid}");
        succeed("c", pods("c").get(0));
        // Job names count minutes (as kube's do), so within a minute the next Job reuses the name: compare uids
        await("the completed Job gone past the history limit, and the next one started", () -> {
            String uids = kubectl.run("get", "jobs", "-n", "c", "-o", "jsonpath={.items[*].metadata.uid}").ok().stdout();
            return !uids.isBlank() && !uids.contains(first);
        });
        assertTrue(!get("cronjob/tick", "c", "{.status.lastSuccessfulTime}").isEmpty());
        kubectl.run("delete", "cronjob", "tick", "-n", "c").ok();
        await("the Jobs and pods collected", () -> names("jobs", "c").isEmpty() && pods("c").isEmpty());
    }

    /** Marks pods Ready and waits until the deployment reports the rollout done, as rollout status does. */
    private static void rollOut(String namespace, String deployment) {
        await("rollout of " + deployment, () -> {
            markReady(namespace);
            return kubectl.run("rollout", "status", "deployment/" + deployment, "-n", namespace, "--watch=false").ok()
                    .stdout().contains("successfully rolled out");
        });
        kubectl.run("rollout", "status", "deployment/" + deployment, "-n", namespace, "--timeout=10s").ok();
    }

    private static void markReady(String namespace) {
        for (String pod : pods(namespace)) {
            kubectl.run("patch", "pod", pod, "-n", namespace, "--subresource=status", "--type=merge", "-p",
                    "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        }
    }

    /** A Job with these spec fields (flow YAML) and a template of one busybox container that never restarts. */
    private static void applyJob(String namespace, String name, String fields) {
        kubectl.runWithInput("apiVersion: batch/v1\nkind: Job\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec: {" + fields + ", template: {spec: {restartPolicy: Never,"
                + " containers: [{name: main, image: busybox}]}}}\n", "apply", "-f", "-").ok();
    }

    /** Plays the kubelet: the pod ran to completion. */
    private static void succeed(String namespace, String pod) {
        kubectl.run("patch", "pod", pod, "-n", namespace, "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"phase\":\"Succeeded\"}}").ok();
    }

    /** A jsonpath printing status/reason/message of the condition of that type. */
    private static String condition(String type) {
        String at = "{.status.conditions[?(@.type==\"" + type + "\")].";
        return at + "status}/" + at + "reason}/" + at + "message}";
    }

    private static List<String> pods(String namespace) {
        return names("pods", namespace);
    }

    private static List<String> names(String resource, String namespace) {
        String out = kubectl.run("get", resource, "-n", namespace, "-o", "jsonpath={.items[*].metadata.name}").ok().stdout();
        return out.isBlank() ? List.of() : Arrays.asList(out.trim().split(" "));
    }

    private static String get(String object, String namespace, String jsonpath) {
        return kubectl.run("get", object, "-n", namespace, "-o", "jsonpath=" + jsonpath).ok().stdout();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
