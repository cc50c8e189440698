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

class PodStrategyTest {
    private final PodStrategy strategy = new PodStrategy();

    private static ObjectNode pod(String spec, String status) {
        return json("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-05-22T12:00:00Z"},
                 "spec":%s,"status":%s}""".formatted(spec, status));
    }

    @Test
    void columnsAreKubesPodColumns() {
        List<TableColumn> columns = strategy.columns();
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"),
                columns.stream().map(TableColumn::name).collect(Collectors.toList()));
        assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1),
                columns.stream().map(TableColumn::priority).collect(Collectors.toList()));
        assertEquals("name", columns.get(0).format());
        assertEquals("string", columns.get(3).type());
    }

    @Test
    void runningPodWithOneUnreadyContainerAndRestarts() {
        ObjectNode pod = pod("""
                {"nodeName":"node-1","containers":[{"name":"app","image":"app:1"},{"name":"sidecar","image":"proxy:2"}]}""", """
                {"phase":"Running","podIPs":[{"ip":"10.244.1.7"}],
                 "conditions":[{"type":"Ready","status":"False"}],
                 "containerStatuses":[
                   {"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-05-22T12:01:00Z"}}},
                   {"name":"sidecar","ready":false,"restartCount":3,"state":{"running":{}},
                    "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-06-01T11:55:00Z"}}}]}""");
        assertEquals(List.of("web", "1/2", "Running", "3 (5m ago)", "10d", "10.244.1.7", "node-1", "<none>", "<none>"),
                strategy.cells(pod, NOW));
    }

    @Test
    void crashLoopBackOff() {
        ObjectNode pod = pod("""
                {"containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":5,
                  "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 2m40s"}},
                  "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-06-01T11:58:00Z"}}}]}""");
        List<Object> cells = strategy.cells(pod, NOW);
        assertEquals(List.of("web", "0/1", "CrashLoopBackOff", "5 (2m ago)", "10d"), cells.subList(0, 5));
        assertEquals("<none>", cells.get(5));
    }

    @Test
    void terminatingPod() {
        ObjectNode pod = pod("""
                {"containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}""");
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", "2025-06-01T11:59:50Z");
        assertEquals("Terminating", strategy.cells(pod, NOW).get(2));
        pod.with("status").put("phase", "Succeeded");
        assertEquals("Succeeded", strategy.cells(pod, NOW).get(2), "terminal pods are not shown as Terminating");
    }

    @Test
    void initContainersContainerCreatingAndCompleted() {
        ObjectNode init = pod("""
                {"initContainers":[{"name":"migrate","image":"db:1"}],"containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Pending","initContainerStatuses":[{"name":"migrate","ready":false,"restartCount":0,"state":{"running":{}}}],
                 "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}""");
        assertEquals(List.of("web", "0/1", "Init:0/1", "0"), strategy.cells(init, NOW).subList(0, 4));
        ObjectNode creating = pod("""
                {"containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,
                  "state":{"waiting":{"reason":"ContainerCreating"}}}]}""");
        assertEquals("ContainerCreating", strategy.cells(creating, NOW).get(2));
        ObjectNode done = pod("""
                {"containers":[{"name":"app","image":"app:1"}]}""", """
                {"phase":"Succeeded","containerStatuses":[{"name":"app","ready":false,"restartCount":0,
                  "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""");
        assertEquals(List.of("web", "0/1", "Completed", "0"), strategy.cells(done, NOW).subList(0, 4));
        ObjectNode pending = pod("""
                {"containers":[{"name":"app","image":"app:1"}],"readinessGates":[{"conditionType":"example.com/ready"}]}""", """
                {"phase":"Pending"}""");
        assertEquals(List.of("web", "0/1", "Pending", "0", "10d", "<none>", "<none>", "<none>", "0/1"),
                strategy.cells(pending, NOW));
    }

    @Test
    void defaultsOfAMinimalPod() {
        ObjectNode pod = json("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}]},
                                       {"name":"side","image":"busybox:1.36"}]}}""");
        strategy.applyDefaults(pod);
        assertEquals(json("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"containers":[
                    {"name":"nginx","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
                     "imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log",
                     "terminationMessagePolicy":"File","resources":{}},
                    {"name":"side","image":"busybox:1.36","imagePullPolicy":"IfNotPresent",
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
                   "dnsPolicy":"ClusterFirst","restartPolicy":"Always","securityContext":{},
                   "terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler","enableServiceLinks":true},
                 "status":{"phase":"Pending","qosClass":"BestEffort"}}"""), pod);
    }

    @Test
    void aReplacementKeepsThePriorityAdmissionSetAtCreateUnlessItStatesOne() {
        ObjectNode old = json("""
                {"spec":{"priorityClassName":"high","priority":1000,"preemptionPolicy":"Never","containers":[]}}""");
        ObjectNode replacement = json("""
                {"spec":{"priorityClassName":"high","containers":[]}}""");
        strategy.prepareForUpdate(replacement, old);
        assertEquals(1000, replacement.at("/spec/priority").asInt());
        assertEquals("Never", replacement.at("/spec/preemptionPolicy").asText());
        ObjectNode changed = json("""
                {"spec":{"priorityClassName":"high","priority":5,"containers":[]}}""");
        strategy.prepareForUpdate(changed, old);
        assertEquals(5, changed.at("/spec/priority").asInt(), "a stated change is left for validation to refuse");
    }

    @Test
    void defaultsKeepGivenValuesAndCopyLimitsToRequests() {
        ObjectNode pod = json("""
                {"metadata":{"name":"web"},"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"a@sha256:abc",
                  "resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}""");
        strategy.applyDefaults(pod);
        assertEquals("Never", pod.at("/spec/restartPolicy").asText());
        assertEquals("IfNotPresent", pod.at("/spec/containers/0/imagePullPolicy").asText());
        assertEquals(json("{\"cpu\":\"1\",\"memory\":\"1Gi\"}"), pod.at("/spec/containers/0/resources/requests"));
        assertEquals("Guaranteed", pod.at("/status/qosClass").asText());
    }

    @Test
    void imagePullPolicyFollowsTheTag() {
        assertEquals("latest", PodSpecs.imageTag("nginx"));
        assertEquals("latest", PodSpecs.imageTag("localhost:5000/team/nginx"));
        assertEquals("latest", PodSpecs.imageTag("nginx:latest"));
        assertEquals("1.27", PodSpecs.imageTag("registry.example.com:443/nginx:1.27"));
        assertEquals("", PodSpecs.imageTag("nginx@sha256:0123"));
        assertEquals("", PodSpecs.imageTag("Nginx"));
    }

    @Test
    void validationMessages() {
        ObjectNode pod = json("""
                {"metadata":{"name":"web"},"spec":{"restartPolicy":"Sometimes","dnsPolicy":"ClusterFirst","containers":[
                  {"name":"app","terminationMessagePolicy":"File","imagePullPolicy":"Always",
                   "ports":[{"containerPort":70000,"protocol":"TCP"},{"containerPort":80,"protocol":"HTTP","name":"web--1"}],
                   "resources":{"limits":{"cpu":"1000m"},"requests":{"cpu":"2"}}},
                  {"name":"App_2","image":"x","terminationMessagePolicy":"File","imagePullPolicy":"Always"},
                  {"name":"app","image":"x","terminationMessagePolicy":"File","imagePullPolicy":"Always"}]}}""");
        assertEquals(List.of(
                "spec.containers[0].image: Required value",
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].name: Invalid value: \"web--1\": must not contain consecutive hyphens",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                "spec.containers[1].name: Invalid value: \"App_2\": a lowercase RFC 1123 label must consist of lower case"
                        + " alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
                        + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[2].name: Duplicate value: \"app\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
                messages(strategy.validate(pod, null)));
        ObjectNode withInit = json("""
                {"spec":{"restartPolicy":"Always","dnsPolicy":"Default","volumes":[{"name":"data"},{"name":"data"}],
                  "initContainers":[{"name":"app","image":"x","terminationMessagePolicy":"File","imagePullPolicy":"Never"}],
                  "containers":[{"name":"app","image":"x","terminationMessagePolicy":"File","imagePullPolicy":"Never"}]}}""");
        assertEquals(List.of("spec.volumes[1].name: Duplicate value: \"data\"",
                "spec.initContainers[0].name: Duplicate value: \"app\""), messages(strategy.validate(withInit, null)));
        assertEquals(List.of("spec.containers: Required value"),
                messages(strategy.validate(json("{\"spec\":{\"restartPolicy\":\"Always\",\"dnsPolicy\":\"Default\"}}"), null)));
    }

    @Test
    void defaultedPodIsValid() {
        ObjectNode pod = json("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a\"}]}}");
        strategy.applyDefaults(pod);
        assertTrue(strategy.validate(pod, null).isEmpty());
    }

    @Test
    void fieldSelectors() {
        ObjectNode pod = json("""
                {"spec":{"nodeName":"n1","restartPolicy":"Always","schedulerName":"default-scheduler",
                  "serviceAccountName":"default"},
                 "status":{"phase":"Running","podIP":"10.0.0.9","podIPs":[{"ip":"10.0.0.9"},{"ip":"fd00::9"}],
                  "nominatedNodeName":"n2"}}""");
        assertEquals("n1", strategy.fieldValue(pod, "spec.nodeName"));
        assertEquals("Always", strategy.fieldValue(pod, "spec.restartPolicy"));
        assertEquals("default-scheduler", strategy.fieldValue(pod, "spec.schedulerName"));
        assertEquals("default", strategy.fieldValue(pod, "spec.serviceAccountName"));
        assertEquals("false", strategy.fieldValue(pod, "spec.hostNetwork"));
        assertEquals("Running", strategy.fieldValue(pod, "status.phase"));
        assertEquals("10.0.0.9", strategy.fieldValue(pod, "status.podIP"));
        assertEquals("10.0.0.9", strategy.fieldValue(pod, "status.podIPs"));
        assertEquals("n2", strategy.fieldValue(pod, "status.nominatedNodeName"));
        assertEquals("", strategy.fieldValue(json("{}"), "spec.nodeName"));
        assertNull(strategy.fieldValue(pod, "spec.priority"));
    }
}
