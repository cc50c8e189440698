package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.updateErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceUpdateRulesTest {
    private final ServiceStrategy strategy = new ServiceStrategy();

    private static ObjectNode service(String spec) {
        return json("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},"spec":%s}""".formatted(spec));
    }

    private static final ObjectNode CLUSTER_IP = service("""
            {"selector":{"app":"web"},"ports":[{"port":80}],"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"]}""");

    private static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.get("spec");
    }

    @Test
    void clusterIpMayNotChange() {
        assertEquals(List.of("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set"),
                updateErrors(strategy, CLUSTER_IP, o -> spec(o).put("clusterIP", "10.96.0.11")),
                "a patch of the singular field shows up on the plural one");
        assertEquals(List.of("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set"),
                updateErrors(strategy, CLUSTER_IP, o -> {
                    spec(o).put("clusterIP", "10.96.0.11");
                    spec(o).putArray("clusterIPs").add("10.96.0.11");
                }));
    }

    @Test
    void theOperatorMayAdoptTheHostsClusterIpButNothingElseChangesItsRules() {
        ObjectNode stored = CLUSTER_IP.deepCopy();
        strategy.applyDefaults(stored);
        ObjectNode next = stored.deepCopy();
        spec(next).put("clusterIP", "10.43.0.17");
        spec(next).putArray("clusterIPs").add("10.43.0.17");
        strategy.prepareForUpdate(next, stored);
        assertEquals(List.of(), KindFixtures.messages(strategy.validateByOperator(next, stored)), "the syncer adopts the host's IP");
        assertEquals(1, strategy.validate(next, stored).size(), "a tenant may not");
        spec(next).put("loadBalancerClass", "example.com/lb");
        spec(next).put("type", "LoadBalancer");
        spec(stored).put("type", "LoadBalancer");
        assertEquals(1, strategy.validateByOperator(next, stored).stream()
                .filter(e -> e.toString().contains("loadBalancerClass")).count(), "other update rules still hold");
    }

    @Test
    void aReplaceWithoutAllocatedValuesKeepsThem() {
        ObjectNode nodePort = service("""
                {"type":"NodePort","ports":[{"name":"http","port":80,"nodePort":30080}],
                 "clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"]}""");
        ObjectNode stored = nodePort.deepCopy();
        strategy.applyDefaults(stored);
        ObjectNode replaced = service("{\"type\":\"NodePort\",\"ports\":[{\"name\":\"http\",\"port\":80}]}");
        strategy.prepareForUpdate(replaced, stored);
        strategy.applyDefaults(replaced);
        assertEquals(List.of(), strategy.validate(replaced, stored));
        assertEquals("10.96.0.10", spec(replaced).path("clusterIP").asText());
        assertEquals("[\"10.96.0.10\"]", spec(replaced).path("clusterIPs").toString());
        assertEquals(30080, spec(replaced).at("/ports/0/nodePort").asInt());
    }

    @Test
    void externalNameSwitchesAndOtherSpecChangesPass() {
        assertEquals(List.of(), updateErrors(strategy, CLUSTER_IP, o -> {
            spec(o).put("type", "ExternalName").put("externalName", "example.com");
            spec(o).remove(List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy"));
        }));
        assertEquals(List.of(), updateErrors(strategy, CLUSTER_IP, o -> {
            spec(o).with("selector").put("app", "api");
            spec(o).withArray("ports").addObject().put("name", "b").put("port", 81);
            ((ObjectNode) spec(o).at("/ports/0")).put("name", "a");
        }));
    }

    @Test
    void ipFamiliesKeepTheirPrimary() {
        assertEquals(List.of("spec.ipFamilies[0]: Invalid value: []core.IPFamily{\"IPv6\"}: may not change once set"),
                updateErrors(strategy, CLUSTER_IP, o -> spec(o).putArray("ipFamilies").add("IPv6")));
    }

    @Test
    void loadBalancerClassIsFixed() {
        ObjectNode lb = service("""
                {"type":"LoadBalancer","ports":[{"port":80,"nodePort":30080}],"clusterIP":"10.96.0.10",
                 "clusterIPs":["10.96.0.10"],"loadBalancerClass":"a.io/lb"}""");
        assertEquals(List.of("spec.loadBalancerClass: Invalid value: \"b.io/lb\": field is immutable"),
                updateErrors(strategy, lb, o -> spec(o).put("loadBalancerClass", "b.io/lb")));
    }

    /** The update as the generic layer admits it, returning the object it would store. */
    private ObjectNode admitted(ObjectNode old, java.util.function.Consumer<ObjectNode> change) {
        KindFixtures.Update update = KindFixtures.update(strategy, old, change);
        assertEquals(List.of(), KindFixtures.messages(strategy.validate(update.next(), update.stored())));
        return update.next();
    }

    private static final ObjectNode LOCAL_LOAD_BALANCER = json("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
             "spec":{"type":"LoadBalancer","ports":[{"port":80,"nodePort":30080}],"clusterIP":"10.96.0.10",
                     "clusterIPs":["10.96.0.10"],"externalTrafficPolicy":"Local","healthCheckNodePort":30081},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.7"}]}}}""");

    @Test
    void leavingATypeDropsWhatItWasGivenUnlessTheClientChangedIt() {
        ObjectNode clusterIp = admitted(LOCAL_LOAD_BALANCER, o -> spec(o).put("type", "ClusterIP"));
        assertEquals("[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}]", spec(clusterIp).path("ports").toString(),
                "node ports dropped, so released");
        for (String gone : List.of("healthCheckNodePort", "externalTrafficPolicy", "allocateLoadBalancerNodePorts")) {
            assertTrue(spec(clusterIp).path(gone).isMissingNode(), gone);
        }
        assertEquals("{}", clusterIp.at("/status/loadBalancer").toString(), "no load balancer any more");
        assertEquals("10.96.0.10", spec(clusterIp).path("clusterIP").asText(), "a ClusterIP type keeps its IP");

        ObjectNode nodePort = admitted(LOCAL_LOAD_BALANCER, o -> spec(o).put("type", "NodePort"));
        assertEquals(30080, spec(nodePort).at("/ports/0/nodePort").asInt(), "NodePort still needs its node port");
        assertTrue(spec(nodePort).path("healthCheckNodePort").isMissingNode());
        assertEquals("Local", spec(nodePort).path("externalTrafficPolicy").asText());

        ObjectNode external = admitted(CLUSTER_IP, o -> spec(o).put("type", "ExternalName").put("externalName", "example.com"));
        for (String gone : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
            assertTrue(spec(external).path(gone).isMissingNode(), gone);
        }

        assertEquals(List.of("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
                updateErrors(strategy, LOCAL_LOAD_BALANCER, o -> {
                    spec(o).put("type", "ClusterIP").remove(List.of("externalTrafficPolicy", "healthCheckNodePort"));
                    ((ObjectNode) spec(o).at("/ports/0")).put("nodePort", 30090);
                }), "a node port the client set while leaving NodePort is an error, not dropped");
        assertEquals(List.of("spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"),
                updateErrors(strategy, CLUSTER_IP, o -> spec(o).put("externalTrafficPolicy", "Local")));
    }

    @Test
    void theHealthCheckNodePortIsFixedWhileItIsNeeded() {
        assertEquals(List.of("spec.healthCheckNodePort: Forbidden: field is immutable"),
                updateErrors(strategy, LOCAL_LOAD_BALANCER, o -> spec(o).put("healthCheckNodePort", 30082)));
        assertEquals(List.of("spec.healthCheckNodePort: Invalid value: 30081: may only be set when `type` is 'LoadBalancer'"
                        + " and `externalTrafficPolicy` is 'Local'"),
                updateErrors(strategy, CLUSTER_IP, o -> spec(o).put("type", "NodePort").put("healthCheckNodePort", 30081)));
        ObjectNode kept = admitted(LOCAL_LOAD_BALANCER, o -> spec(o).remove("healthCheckNodePort"));
        assertEquals(30081, spec(kept).path("healthCheckNodePort").asInt(), "a replace without it keeps it");
    }
}
