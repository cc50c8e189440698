package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.NOW;
import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Namespaces, Nodes, Events, storage, RBAC and the cluster-level kinds. */
class ClusterKindsStrategyTest {
    private static List<String> names(KindStrategy s) {
        return s.columns().stream().map(TableColumn::name).collect(Collectors.toList());
    }

    @Test
    void namespace() {
        NamespaceStrategy s = new NamespaceStrategy();
        ObjectNode ns = json("{\"metadata\":{\"name\":\"team-a\",\"creationTimestamp\":\"" + KindFixtures.CREATED + "\"}}");
        s.applyDefaults(ns);
        assertEquals(json("""
                {"metadata":{"name":"team-a","creationTimestamp":"2025-05-22T12:00:00Z",
                  "labels":{"kubernetes.io/metadata.name":"team-a"}},
                 "status":{"phase":"Active"},"spec":{"finalizers":["kubernetes"]}}"""), ns);
        assertEquals(List.of("Name", "Status", "Age"), names(s));
        assertEquals(List.of("team-a", "Active", "10d"), s.cells(ns, NOW));
        assertEquals("Active", s.fieldValue(ns, "status.phase"));
        ObjectNode terminating = json("{\"metadata\":{\"name\":\"t\"},\"status\":{\"phase\":\"Terminating\"}}");
        s.applyDefaults(terminating);
        assertTrue(terminating.at("/spec/finalizers").isMissingNode(), "no finalizer comes back while terminating");
        ObjectNode bad = json("{\"spec\":{\"finalizers\":[\"kubernetes\",\"custom\",\"example.com/x\"]}}");
        assertEquals(List.of("spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is"
                + " it fully qualified"), messages(s.validate(bad, null)));
    }

    @Test
    void node() {
        NodeStrategy s = new NodeStrategy();
        assertEquals(List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image",
                "Kernel-Version", "Container-Runtime"), names(s));
        ObjectNode node = json("""
                {"metadata":{"name":"n1","creationTimestamp":"2025-05-22T12:00:00Z",
                  "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"infra"}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
                  "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"n1"}],
                  "nodeInfo":{"kubeletVersion":"v1.35.0","osImage":"Debian GNU/Linux 12 (bookworm)",
                   "kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://2.0.0"}}}""");
        assertEquals(List.of("n1", "Ready,SchedulingDisabled", "control-plane,infra", "10d", "v1.35.0", "192.168.1.10",
                "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "containerd://2.0.0"), s.cells(node, NOW));
        assertEquals("true", s.fieldValue(node, "spec.unschedulable"));
        ObjectNode notReady = json("{\"metadata\":{\"name\":\"n2\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\"}]}}");
        assertEquals(List.of("n2", "NotReady", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>",
                "<unknown>"), s.cells(notReady, NOW));
        assertEquals("false", s.fieldValue(notReady, "spec.unschedulable"));
    }

    @Test
    void event() {
        EventStrategy s = new EventStrategy();
        assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen",
                "Count", "Name"), names(s));
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 0, 1, 1, 1),
                s.columns().stream().map(TableColumn::priority).collect(Collectors.toList()));
        ObjectNode ev = json("""
                {"metadata":{"name":"web.17f","namespace":"default"},
                 "involvedObject":{"kind":"Pod","namespace":"default","name":"web","uid":"u-1","apiVersion":"v1",
                  "resourceVersion":"42","fieldPath":"spec.containers{app}"},
                 "reason":"BackOff","message":"Back-off restarting failed container\\n","type":"Warning","count":7,
                 "source":{"component":"kubelet","host":"n1"},
                 "firstTimestamp":"2025-06-01T11:00:00Z","lastTimestamp":"2025-06-01T11:59:30Z"}""");
        assertEquals(List.of("30s", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, n1",
                "Back-off restarting failed container", "60m", 7L, "web.17f"), s.cells(ev, NOW));
        assertEquals("Pod", s.fieldValue(ev, "involvedObject.kind"));
        assertEquals("default", s.fieldValue(ev, "involvedObject.namespace"));
        assertEquals("web", s.fieldValue(ev, "involvedObject.name"));
        assertEquals("u-1", s.fieldValue(ev, "involvedObject.uid"));
        assertEquals("v1", s.fieldValue(ev, "involvedObject.apiVersion"));
        assertEquals("42", s.fieldValue(ev, "involvedObject.resourceVersion"));
        assertEquals("spec.containers{app}", s.fieldValue(ev, "involvedObject.fieldPath"));
        assertEquals("BackOff", s.fieldValue(ev, "reason"));
        assertEquals("kubelet", s.fieldValue(ev, "source"));
        assertEquals("Warning", s.fieldValue(ev, "type"));
        assertEquals("", s.fieldValue(ev, "reportingComponent"));
        assertNull(s.fieldValue(ev, "message"));
        ObjectNode newStyle = json("""
                {"metadata":{"name":"e"},"involvedObject":{"kind":"Node"},"reportingComponent":"scheduler",
                 "eventTime":"2025-06-01T11:59:00.123456Z","type":"Normal","reason":"Scheduled","message":"ok"}""");
        assertEquals(List.of("59s", "Normal", "Scheduled", "node", "", "scheduler", "ok", "59s", 1L, "e"), s.cells(newStyle, NOW),
                "micro times truncate to whole seconds, as Go does");
        assertEquals("scheduler", s.fieldValue(newStyle, "source"));
    }

    @Test
    void volumes() {
        PersistentVolumeClaimStrategy pvcs = new PersistentVolumeClaimStrategy();
        assertEquals(List.of("Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass",
                "Age", "VolumeMode"), names(pvcs));
        ObjectNode pvc = json("""
                {"metadata":{"name":"data","creationTimestamp":"2025-05-22T12:00:00Z"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"standard",
                  "volumeName":"pvc-123"},
                 "status":{"phase":"Bound","accessModes":["ReadWriteOnce","ReadOnlyMany"],"capacity":{"storage":"1024Mi"}}}""");
        pvcs.applyDefaults(pvc);
        assertEquals(List.of("data", "Bound", "pvc-123", "1Gi", "RWO,ROX", "standard", "<unset>", "10d", "Filesystem"),
                pvcs.cells(pvc, NOW));
        assertTrue(pvcs.validate(pvc, null).isEmpty());
        assertEquals(List.of("spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value"), messages(pvcs.validate(json("{\"spec\":{}}"), null)));
        PersistentVolumeStrategy pvs = new PersistentVolumeStrategy();
        ObjectNode pv = json("""
                {"metadata":{"name":"pv1","annotations":{"volume.beta.kubernetes.io/storage-class":"slow"}},
                 "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany"],
                  "claimRef":{"namespace":"default","name":"data"}},"status":{"phase":"Bound"}}""");
        pvs.applyDefaults(pv);
        assertEquals(List.of("pv1", "10Gi", "RWX", "Retain", "Bound", "default/data", "slow", "<unset>", "", "<unknown>",
                "Filesystem"), pvs.cells(pv, NOW));
        StorageClassStrategy scs = new StorageClassStrategy();
        ObjectNode sc = json("""
                {"metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
                 "provisioner":"rancher.io/local-path","allowVolumeExpansion":true}""");
        scs.applyDefaults(sc);
        assertEquals(List.of("standard (default)", "rancher.io/local-path", "Delete", "Immediate", true, "<unknown>"),
                scs.cells(sc, NOW));
        assertEquals(List.of("provisioner: Required value"), messages(scs.validate(json("{}"), null)));
    }

    @Test
    void ingressAndEndpoints() {
        IngressStrategy s = new IngressStrategy();
        assertEquals(List.of("Name", "Class", "Hosts", "Address", "Ports", "Age"), names(s));
        ObjectNode ing = json("""
                {"metadata":{"name":"web"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],
                  "rules":[{"host":"a.example.com","http":{"paths":[{"path":"/","pathType":"Prefix",
                   "backend":{"service":{"name":"web","port":{"number":80}}}}]}},{"host":"b.example.com"},{},{"host":"d.example.com"}]},
                 "status":{"loadBalancer":{"ingress":[{"ip":"172.18.0.2"}]}}}""");
        assertEquals(List.of("web", "nginx", "a.example.com,b.example.com,d.example.com", "172.18.0.2", "80, 443", "<unknown>"),
                s.cells(ing, NOW));
        assertTrue(s.validate(ing, null).isEmpty());
        ObjectNode bad = json("""
                {"spec":{"rules":[{"host":"10.0.0.1","http":{"paths":[{"path":"api","pathType":"Prefix",
                  "backend":{"service":{"name":"web"}}},{"path":"/","backend":{"service":{"name":"web","port":{"name":"http"}}}}]}}]}}""");
        assertEquals(List.of("spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address",
                "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path",
                "spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
                "spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified"),
                messages(s.validate(bad, null)));
        assertEquals(List.of("spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be"
                + " specified"), messages(s.validate(json("{\"spec\":{}}"), null)));
        EndpointsStrategy eps = new EndpointsStrategy();
        ObjectNode ep = json("""
                {"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"fd00::3"},
                 {"ip":"10.0.0.4"}],"ports":[{"port":8080}]}]}""");
        assertEquals(List.of("web", "10.0.0.1:8080,10.0.0.2:8080,[fd00::3]:8080 + 1 more...", "<unknown>"), eps.cells(ep, NOW));
        assertEquals("<none>", eps.cells(json("{\"metadata\":{\"name\":\"x\"}}"), NOW).get(1));
    }

    @Test
    void rbac() {
        KindStrategy role = KindStrategies.forKind("rbac.authorization.k8s.io", "Role");
        assertEquals(List.of("Name", "Created At"), names(role));
        assertEquals("date", role.columns().get(1).type());
        ObjectNode r = json("""
                {"metadata":{"name":"reader","creationTimestamp":"2025-05-22T12:00:00.5Z"},
                 "rules":[{"verbs":["get"],"resources":["pods"]},{"verbs":[],"nonResourceURLs":["/healthz"]}]}""");
        assertEquals(List.of("reader", "2025-05-22T12:00:00Z"), role.cells(r, NOW));
        assertEquals(List.of("rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[1].verbs: Required value: verbs must contain at least one value",
                "rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to"
                        + " non-resource URLs"), messages(role.validate(r, null)));
        assertTrue(KindStrategies.forKind("rbac.authorization.k8s.io", "ClusterRole").validate(
                json("{\"rules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\"]}]}"), null).isEmpty());

        KindStrategy binding = KindStrategies.forKind("rbac.authorization.k8s.io", "RoleBinding");
        assertEquals(List.of("Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"), names(binding));
        ObjectNode b = json("""
                {"metadata":{"name":"read"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
                 "subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},{"kind":"Group","name":"devs"},
                  {"kind":"ServiceAccount","name":"ci","namespace":"build"}]}""");
        binding.applyDefaults(b);
        assertEquals("rbac.authorization.k8s.io", b.at("/subjects/0/apiGroup").asText());
        assertEquals("", b.at("/subjects/3/apiGroup").asText());
        assertTrue(binding.validate(b, null).isEmpty());
        assertEquals(List.of("read", "ClusterRole/view", "<unknown>", "alice, bob", "devs", "build/ci"), binding.cells(b, NOW));
        KindStrategy crb = KindStrategies.forKind("rbac.authorization.k8s.io", "ClusterRoleBinding");
        ObjectNode badCrb = json("""
                {"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"x"},
                 "subjects":[{"kind":"ServiceAccount","name":"ci"},{"kind":"Robot","name":"r"}]}""");
        assertEquals(List.of("roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "subjects[0].namespace: Required value",
                "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\""),
                messages(crb.validate(badCrb, null)));
    }

    @Test
    void autoscalingPolicyCoordinationScheduling() {
        HorizontalPodAutoscalerStrategy hpas = new HorizontalPodAutoscalerStrategy();
        assertEquals(List.of("Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"), names(hpas));
        ObjectNode hpa = json("""
                {"apiVersion":"autoscaling/v2","metadata":{"name":"web"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":10,
                  "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"512Mi"}}}]},
                 "status":{"currentReplicas":2,"currentMetrics":[{"type":"Resource","resource":{"name":"memory",
                  "current":{"averageValue":"256Mi"}}}]}}""");
        hpas.applyDefaults(hpa);
        assertEquals(List.of("web", "Deployment/web", "memory: 256Mi/512Mi", "1", 10L, 2L, "<unknown>"), hpas.cells(hpa, NOW));
        ObjectNode cpu = json("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"c\"},\"maxReplicas\":3}}");
        hpas.applyDefaults(cpu);
        assertEquals("cpu: <unknown>/80%", hpas.cells(cpu, NOW).get(2));

        PodDisruptionBudgetStrategy pdbs = new PodDisruptionBudgetStrategy();
        ObjectNode pdb = json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"minAvailable\":\"50%\"},\"status\":{\"disruptionsAllowed\":1}}");
        assertEquals(List.of("p", "50%", "N/A", 1L, "<unknown>"), pdbs.cells(pdb, NOW));
        assertEquals(List.of("spec.minAvailable: Invalid value: \"half\": must be an integer or percentage (e.g '5%')",
                "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""),
                messages(pdbs.validate(json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"minAvailable\":\"half\","
                        + "\"unhealthyPodEvictionPolicy\":\"Never\"}}"), null)));
        assertEquals(List.of("spec.maxUnavailable: Invalid value: \"101%\": must not be greater than 100%"),
                messages(pdbs.validate(json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"maxUnavailable\":\"101%\"}}"), null)));
        assertEquals(List.of("spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"),
                messages(pdbs.validate(json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"minAvailable\":-1}}"), null)));
        assertEquals(List.of(), messages(pdbs.validate(json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"maxUnavailable\":\"100%\","
                + "\"unhealthyPodEvictionPolicy\":\"AlwaysAllow\"}}"), null)));

        LeaseStrategy leases = new LeaseStrategy();
        assertEquals(List.of("kube-scheduler", "n1_abc", "<unknown>"), leases.cells(
                json("{\"metadata\":{\"name\":\"kube-scheduler\"},\"spec\":{\"holderIdentity\":\"n1_abc\"}}"), NOW));

        PriorityClassStrategy pcs = new PriorityClassStrategy();
        assertEquals(List.of("Name", "Value", "Global-Default", "Age", "PreemptionPolicy"), names(pcs));
        ObjectNode pc = json("{\"metadata\":{\"name\":\"high\"},\"value\":1000}");
        pcs.applyDefaults(pc);
        assertEquals(List.of("high", 1000L, false, "<unknown>", "PreemptLowerPriority"), pcs.cells(pc, NOW));
        assertEquals(List.of("value: Forbidden: maximum allowed value of a user defined priority is 1000000000"),
                messages(pcs.validate(json("{\"metadata\":{\"name\":\"huge\"},\"value\":1000000001}"), null)));
        assertEquals(List.of("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system"
                + " use only. error: system-mine is not a known system priority class"),
                messages(pcs.validate(json("{\"metadata\":{\"name\":\"system-mine\"},\"value\":1}"), null)));
    }

    @Test
    void customResourceDefinitions() {
        KindStrategy s = KindStrategies.forKind("apiextensions.k8s.io", "CustomResourceDefinition");
        assertEquals(List.of("Name", "Created At"), names(s));
        ObjectNode crd = json("""
                {"metadata":{"name":"widgets.example.com","creationTimestamp":"2025-05-22T12:00:00Z"},
                 "spec":{"group":"example.com","names":{"plural":"widgets"}}}""");
        assertEquals(List.of("widgets.example.com", "2025-05-22T12:00:00Z"), s.cells(crd, NOW));
        assertTrue(s.validate(crd, null).isEmpty());
        crd.with("metadata").put("name", "widget.example.com");
        assertEquals(List.of("metadata.name: Invalid value: \"widget.example.com\": must be spec.names.plural+\".\"+spec.group"),
                messages(s.validate(crd, null)));
    }

    @Test
    void serviceAccountsAndQuantities() {
        ServiceAccountStrategy s = new ServiceAccountStrategy();
        assertEquals(List.of("Name", "Secrets", "Age"), names(s));
        assertEquals(List.of("default", 0L, "10d"),
                s.cells(json("{\"metadata\":{\"name\":\"default\",\"creationTimestamp\":\"2025-05-22T12:00:00Z\"}}"), NOW));
        assertEquals("1Gi", Quantities.canonical("1024Mi"));
        assertEquals("1536Mi", Quantities.canonical("1536Mi"));
        assertEquals("500m", Quantities.canonical("0.5"));
        assertEquals("2", Quantities.canonical("2000m"));
        assertEquals("1k", Quantities.canonical("1000"));
        assertEquals("1500", Quantities.canonical("1500"));
        assertEquals("1e3", Quantities.canonical("1e3"));
        assertEquals("100M", Quantities.canonical("100M"));
        assertEquals("512", Quantities.canonical("0.5Ki"));
    }
}
