package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.NOW;
import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadStrategyTest {
    private static final String TEMPLATE = """
            {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},
             {"name":"log","image":"fluentbit:3"}]}}""";

    private static ObjectNode workload(String kind, String spec, String status) {
        return json("""
                {"apiVersion":"apps/v1","kind":"%s",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-06-01T11:57:30Z"},
                 "spec":%s,"status":%s}""".formatted(kind, spec, status));
    }

    private static List<String> names(KindStrategy s) {
        return s.columns().stream().map(TableColumn::name).collect(Collectors.toList());
    }

    @Test
    void deploymentTwoOfThree() {
        DeploymentStrategy s = new DeploymentStrategy();
        assertEquals(List.of("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"), names(s));
        ObjectNode d = workload("Deployment", """
                {"replicas":3,"selector":{"matchLabels":{"app":"web"},
                 "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},{"key":"canary","operator":"DoesNotExist"}]},
                 "template":%s}""".formatted(TEMPLATE), """
                {"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}""");
        assertEquals(List.of("web", "2/3", 3L, 2L, "2m30s", "nginx,log", "nginx:1.27,fluentbit:3",
                "app=web,!canary,tier in (be,fe)"), s.cells(d, NOW));
        assertEquals(new KindStrategy.ScalePaths("/spec/replicas", "/status/replicas", "/spec/selector"), s.scale());
    }

    @Test
    void deploymentDefaultsWholeTree() {
        ObjectNode d = workload("Deployment", """
                {"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}""", "{}");
        d.remove("status");
        new DeploymentStrategy().applyDefaults(d);
        assertEquals(json("""
                {"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
                 "revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                 "template":{"metadata":{"labels":{"app":"web"}},
                  "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
                    "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
                   "restartPolicy":"Always","dnsPolicy":"ClusterFirst","securityContext":{},
                   "terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler"}}}"""), d.get("spec"));
        assertTrue(new DeploymentStrategy().validate(d, null).isEmpty());
    }

    @Test
    void selectorMustMatchTemplateLabels() {
        ObjectNode d = workload("Deployment", """
                {"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"other","tier":"fe"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}""", "{}");
        DeploymentStrategy s = new DeploymentStrategy();
        s.applyDefaults(d);
        assertEquals(List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\", \"tier\":\"fe\"}:"
                + " `selector` does not match template `labels`"), messages(s.validate(d, null)));
        d.with("spec").remove("selector");
        assertEquals(List.of("spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\", \"tier\":\"fe\"}:"
                        + " `selector` does not match template `labels`"), messages(s.validate(d, null)));
    }

    @Test
    void templateMustRestartAlwaysAndHaveImages() {
        ObjectNode rs = workload("ReplicaSet", """
                {"replicas":-1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"restartPolicy":"Never","containers":[{"name":"nginx"}]}}}""", "{}");
        ReplicaSetStrategy s = new ReplicaSetStrategy();
        s.applyDefaults(rs);
        assertEquals(List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.containers[0].image: Required value",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
                messages(s.validate(rs, null)));
    }

    @Test
    void replicaSetStatefulSetDaemonSetRows() {
        ReplicaSetStrategy rs = new ReplicaSetStrategy();
        ObjectNode r = workload("ReplicaSet", "{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":"
                + TEMPLATE + "}", "{\"replicas\":3,\"readyReplicas\":1}");
        assertEquals(List.of("Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"), names(rs));
        assertEquals(List.of("web", 3L, 3L, 1L, "2m30s", "nginx,log", "nginx:1.27,fluentbit:3", "app=web"), rs.cells(r, NOW));
        assertEquals("3", rs.fieldValue(r, "status.replicas"));

        StatefulSetStrategy sts = new StatefulSetStrategy();
        assertEquals(List.of("Name", "Ready", "Age", "Containers", "Images"), names(sts));
        ObjectNode st = workload("StatefulSet", "{\"replicas\":2,\"template\":" + TEMPLATE + "}", "{\"readyReplicas\":1}");
        assertEquals(List.of("web", "1/2", "2m30s", "nginx,log", "nginx:1.27,fluentbit:3"), sts.cells(st, NOW));

        DaemonSetStrategy ds = new DaemonSetStrategy();
        assertEquals(List.of("Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age",
                "Containers", "Images", "Selector"), names(ds));
        ObjectNode d = workload("DaemonSet", """
                {"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
                 "spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"agent","image":"agent:1"}]}}}""", """
                {"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}""");
        assertEquals(List.of("web", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "2m30s", "agent", "agent:1", "app=agent"),
                ds.cells(d, NOW));
    }

    @Test
    void statefulSetAndDaemonSetDefaults() {
        ObjectNode st = workload("StatefulSet", "{\"serviceName\":\"web\",\"template\":" + TEMPLATE + "}", "{}");
        new StatefulSetStrategy().applyDefaults(st);
        assertEquals(json("""
                {"type":"RollingUpdate","rollingUpdate":{"partition":0}}"""), st.at("/spec/updateStrategy"));
        assertEquals("OrderedReady", st.at("/spec/podManagementPolicy").asText());
        assertEquals(json("{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"}"),
                st.at("/spec/persistentVolumeClaimRetentionPolicy"));
        assertEquals(1, st.at("/spec/replicas").asInt());
        ObjectNode ds = workload("DaemonSet", "{\"template\":" + TEMPLATE + "}", "{}");
        new DaemonSetStrategy().applyDefaults(ds);
        assertEquals(json("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}"),
                ds.at("/spec/updateStrategy"));
        assertEquals(10, ds.at("/spec/revisionHistoryLimit").asInt());
    }

    @Test
    void replicationController() {
        ReplicationControllerStrategy s = new ReplicationControllerStrategy();
        ObjectNode rc = json("{\"metadata\":{\"name\":\"rc\"},\"spec\":{\"template\":" + TEMPLATE + "},\"status\":{\"replicas\":1}}");
        s.applyDefaults(rc);
        assertEquals(json("{\"app\":\"web\"}"), rc.at("/spec/selector"));
        assertEquals(json("{\"app\":\"web\"}"), rc.at("/metadata/labels"));
        assertEquals(1, rc.at("/spec/replicas").asInt());
        assertTrue(s.validate(rc, null).isEmpty());
        assertEquals(List.of("rc", 1L, 1L, 0L, "<unknown>", "nginx,log", "nginx:1.27,fluentbit:3", "app=web"), s.cells(rc, NOW));
        assertEquals("1", s.fieldValue(rc, "status.replicas"));
        assertEquals("/spec/replicas", s.scale().specReplicas());
    }
}
