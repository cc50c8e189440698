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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatefulSetControllerTest {
    static ObjectNode sts(int replicas, String policy, String image) {
        return Objects.parse("{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db','namespace':'ns',"
                + "'uid':'s-1','generation':1},'spec':{'replicas':" + replicas + ",'serviceName':'db','podManagementPolicy':'"
                + policy + "','selector':{'matchLabels':{'app':'db'}},'updateStrategy':{'type':'RollingUpdate'},"
                + "'template':{'metadata':{'labels':{'app':'db'}},'spec':{'containers':[{'name':'c','image':'" + image + "'}]}},"
                + "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce']}}]}}");
    }

    /** Pods db-0.. of {@code sts}; "R" Running and Ready, "P" Pending; revision from the template of {@code of}. */
    static List<ObjectNode> pods(ObjectNode sts, ObjectNode of, String states) {
        String revision = "db-" + PodTemplateHash.compute(of.path("spec").path("template"), null);
        List<ObjectNode> pods = new ArrayList<>();
        for (int i = 0; i < states.length(); i++) {
            ObjectNode pod = StatefulSetController.pod(sts, i, revision);
            Json.metadata(pod).put("uid", "p" + i);
            boolean ready = states.charAt(i) == 'R';
            pod.set("status", Objects.parse("{'phase':'" + (ready ? "Running" : "Pending") + "','conditions':[{'type':'Ready',"
                    + "'status':'" + (ready ? "True" : "False") + "'}]}"));
            pods.add(pod);
        }
        return pods;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a new set starts with its first ordinal only | 3 | OrderedReady | '' | create 2, status",
        "the next ordinal once the previous is ready  | 3 | OrderedReady | R | create 2, status",
        "an unready pod holds the rest back           | 3 | OrderedReady | RP | status",
        "Parallel creates every missing pod at once   | 3 | Parallel | '' | create 6, status",
        "scale down removes the highest ordinal first | 1 | OrderedReady | RRR | delete db-2, status",
        "settled: nothing to do but report            | 2 | OrderedReady | RR | status",
    })
    void plans(String name, int replicas, String policy, String states, String expected) {
        ObjectNode sts = sts(replicas, policy, "pg:16");
        List<ObjectNode> claims = new ArrayList<>();
        for (int i = 0; i < states.length(); i++) {
            claims.add(Objects.parse("{'metadata':{'name':'data-db-" + i + "'}}"));
        }
        assertEquals(expected, describe(StatefulSetController.plan(sts, pods(sts, sts, states), claims, NOW, 0)));
    }

    @Test
    void aPodHasItsStableIdentityAndClaim() {
        ObjectNode sts = sts(3, "OrderedReady", "pg:16");
        Plan plan = StatefulSetController.plan(sts, List.of(), List.of(), NOW, 0);
        List<Plan.Create> creates = ((Plan.Creates) plan.steps().get(0)).creates();
        assertEquals("data-db-0", Workload.name(creates.get(0).object()));
        JsonNode pod = creates.get(1).object();
        assertEquals("db-0", Workload.name(pod));
        assertEquals("db-0 db 0", pod.at("/spec/hostname").asText() + " " + pod.at("/spec/subdomain").asText() + " "
                + pod.at("/metadata/labels").path("apps.kubernetes.io/pod-index").asText());
        assertEquals("data-db-0", pod.at("/spec/volumes/0/persistentVolumeClaim/claimName").asText());
    }

    @Test
    void aRollingUpdateReplacesTheHighestOutdatedPodAndReportsRevisions() {
        ObjectNode updated = sts(3, "OrderedReady", "pg:17");
        List<ObjectNode> old = pods(updated, sts(3, "OrderedReady", "pg:16"), "RRR");
        List<ObjectNode> claims = List.of(Objects.parse("{'metadata':{'name':'data-db-0'}}"),
                Objects.parse("{'metadata':{'name':'data-db-1'}}"), Objects.parse("{'metadata':{'name':'data-db-2'}}"));
        Plan plan = StatefulSetController.plan(updated, old, claims, NOW, 0);
        assertEquals("delete db-2, status", describe(plan));
        JsonNode status = ((Plan.Replace) plan.steps().get(1)).object().get("status");
        assertEquals("db-" + PodTemplateHash.compute(updated.path("spec").path("template"), null),
                status.path("updateRevision").asText());
        List<ObjectNode> done = pods(updated, updated, "RRR");
        JsonNode settled = ((Plan.Replace) StatefulSetController.plan(updated, done, claims, NOW, 0).steps().get(0))
                .object().get("status");
        assertEquals(settled.path("updateRevision"), settled.path("currentRevision"));
        assertEquals(3, settled.path("readyReplicas").asInt());
    }

    @Test
    void ordinalsAreOnlyTheSetsOwnNames() {
        assertEquals(12, StatefulSetController.ordinal("db", "db-12"));
        assertEquals(-1, StatefulSetController.ordinal("db", "db-01"));
        assertEquals(-1, StatefulSetController.ordinal("db", "dbx-1"));
        assertEquals(-1, StatefulSetController.ordinal("db", "db-backup-1"));
    }
}
