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

class ServiceStrategyTest {
    private final ServiceStrategy strategy = new ServiceStrategy();

    private static ObjectNode svc(String spec, String status) {
        return json("""
                {"apiVersion":"v1","kind":"Service",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-05-31T12:00:00Z"},
                 "spec":%s,"status":%s}""".formatted(spec, status));
    }

    @Test
    void columns() {
        assertEquals(List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"),
                strategy.columns().stream().map(TableColumn::name).collect(Collectors.toList()));
        assertEquals(1, strategy.columns().get(6).priority());
    }

    @Test
    void nodePortService() {
        ObjectNode svc = svc("""
                {"type":"NodePort","clusterIP":"10.96.12.4","clusterIPs":["10.96.12.4"],"selector":{"app":"web","tier":"fe"},
                 "ports":[{"port":80,"targetPort":8080,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}""", "{}");
        assertEquals(List.of("web", "NodePort", "10.96.12.4", "<none>", "80:30080/TCP,53/UDP", "24h", "app=web,tier=fe"),
                strategy.cells(svc, NOW));
    }

    @Test
    void loadBalancerServices() {
        ObjectNode ready = svc("""
                {"type":"LoadBalancer","clusterIPs":["10.96.0.20"],"externalIPs":["198.51.100.1"],
                 "ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}""", """
                {"loadBalancer":{"ingress":[{"ip":"203.0.113.7"},{"hostname":"lb.example.com"}]}}""");
        assertEquals(List.of("web", "LoadBalancer", "10.96.0.20", "203.0.113.7,lb.example.com,198.51.100.1",
                "443:31443/TCP", "24h", "<none>"), strategy.cells(ready, NOW));
        ObjectNode pending = svc("{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}", "{}");
        assertEquals(List.of("web", "LoadBalancer", "<none>", "<pending>", "80/TCP"), strategy.cells(pending, NOW).subList(0, 5));
        ObjectNode external = svc("{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}", "{}");
        assertEquals(List.of("web", "ExternalName", "<none>", "db.example.com", "<none>"),
                strategy.cells(external, NOW).subList(0, 5));
    }

    @Test
    void defaults() {
        ObjectNode svc = json("""
                {"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80},{"port":443,"targetPort":"https"}]}}""");
        strategy.applyDefaults(svc);
        assertEquals(json("""
                {"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},
                  "ports":[{"port":80,"protocol":"TCP","targetPort":80},{"port":443,"targetPort":"https","protocol":"TCP"}],
                  "sessionAffinity":"None","type":"ClusterIP","internalTrafficPolicy":"Cluster",
                  "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]}}"""), svc);
        ObjectNode lb = json("{\"spec\":{\"type\":\"LoadBalancer\",\"sessionAffinity\":\"ClientIP\",\"ports\":[{\"port\":80}]}}");
        strategy.applyDefaults(lb);
        assertEquals("Cluster", lb.at("/spec/externalTrafficPolicy").asText());
        assertTrue(lb.at("/spec/allocateLoadBalancerNodePorts").asBoolean());
        assertEquals(10800, lb.at("/spec/sessionAffinityConfig/clientIP/timeoutSeconds").asInt());
    }

    @Test
    void validationMessages() {
        assertEquals(List.of("spec.ports: Required value"),
                messages(strategy.validate(svc("{\"type\":\"ClusterIP\"}", "{}"), null)));
        assertTrue(strategy.validate(svc("{\"type\":\"ClusterIP\",\"clusterIP\":\"None\"}", "{}"), null).isEmpty(),
                "headless services need no ports");
        ObjectNode bad = svc("""
                {"type":"Balanced","ports":[{"port":0,"protocol":"ICMP","name":"a"},{"port":80,"protocol":"TCP"}]}""", "{}");
        assertEquals(List.of(
                "spec.type: Unsupported value: \"Balanced\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].name: Required value"), messages(strategy.validate(bad, null)));
        ObjectNode nodePortOnClusterIP = svc("{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"nodePort\":30001}]}", "{}");
        assertEquals(List.of("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
                messages(strategy.validate(nodePortOnClusterIP, null)));
    }

    @Test
    void fieldSelectors() {
        ObjectNode svc = svc("{\"type\":\"NodePort\",\"clusterIP\":\"10.96.0.1\"}", "{}");
        assertEquals("10.96.0.1", strategy.fieldValue(svc, "spec.clusterIP"));
        assertEquals("NodePort", strategy.fieldValue(svc, "spec.type"));
        assertNull(strategy.fieldValue(svc, "spec.ports"));
    }
}
