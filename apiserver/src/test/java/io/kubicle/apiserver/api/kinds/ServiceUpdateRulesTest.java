package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.updateErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
