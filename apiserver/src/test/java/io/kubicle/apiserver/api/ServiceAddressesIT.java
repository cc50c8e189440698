package io.kubicle.apiserver.api;

import static io.kubicle.storage.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoreTest;
import io.kubicle.storage.StoredObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Service updates on a real Postgres claim what the new type needs, and what they give up is free for the next Service. */
class ServiceAddressesIT extends StoreTest {
    private final ServiceAddresses addresses = new ServiceAddresses(store);

    private static ObjectNode service(String name, String spec) {
        return Json.parseStored("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"default"},"spec":%s}"""
                .formatted(name, spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ObjectNode spec(ObjectNode svc) {
        return (ObjectNode) svc.get("spec");
    }

    /** Creates the Service as the API does: addresses first, then the object. */
    private ObjectNode create(long ws, ObjectNode svc) {
        await(addresses.assign(ws, "default", svc, false));
        await(store.create(new ObjectWrite(key(ws, svc), UUID.randomUUID().toString(), 1, Map.of(), Json.bytes(svc))));
        return svc;
    }

    /** Updates it as the API does: {@code next} admitted, then what it newly needs claimed, then stored. */
    private ObjectNode update(long ws, ObjectNode old, ObjectNode next) {
        await(addresses.reassign(ws, "default", old, next, false));
        store(ws, next);
        return next;
    }

    private void store(long ws, ObjectNode svc) {
        StoredObject current = await(store.get(key(ws, svc)));
        await(store.update(new ObjectWrite(key(ws, svc), current.uid(), 1, Map.of(), Json.bytes(svc)),
                Preconditions.resourceVersion(current.resourceVersion())));
    }

    private static ObjectKey key(long ws, ObjectNode svc) {
        return new ObjectKey(ws, "", "services", "default", svc.at("/metadata/name").asText());
    }

    private static Throwable failure(io.vertx.core.Future<?> future) {
        try {
            Object value = await(future);
            throw new AssertionError("expected a failure, got " + value);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String invalid(Throwable failure) {
        ApiError error = assertInstanceOf(ApiError.class, failure);
        assertEquals(422, error.code());
        return error.causes().get(0).field() + ": " + error.causes().get(0).message();
    }

    @Test
    void becomingANodePortClaimsAPortAndGoingBackFreesIt() {
        long ws = await(store.createWorkspace("np-switch", null)).id();
        ObjectNode web = create(ws, service("web", "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"));
        String ip = spec(web).path("clusterIP").asText();

        ObjectNode nodePort = web.deepCopy();
        spec(nodePort).put("type", "NodePort");
        update(ws, web, nodePort);
        int port = spec(nodePort).at("/ports/0/nodePort").asInt();
        assertTrue(port >= 30000 && port <= 32767, "node port " + port);
        assertEquals(ip, spec(nodePort).path("clusterIP").asText(), "the ClusterIP stays");

        ObjectNode other = service("other", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + port + "}]}");
        assertEquals("spec.ports[0].nodePort: Invalid value: " + port + ": provided port is already allocated",
                invalid(failure(addresses.assign(ws, "default", other, false))));

        ObjectNode more = nodePort.deepCopy();
        spec(more).withArray("ports").addObject().put("name", "b").put("port", 81);
        update(ws, nodePort, more);
        int added = spec(more).at("/ports/1/nodePort").asInt();
        assertTrue(added >= 30000 && added != port, "an added port gets its own node port: " + added);
        assertEquals(port, spec(more).at("/ports/0/nodePort").asInt(), "the held one is kept, not claimed again");

        ObjectNode back = more.deepCopy();
        spec(back).put("type", "ClusterIP");
        spec(back).withArray("ports").forEach(p -> ((ObjectNode) p).remove("nodePort"));
        update(ws, more, back);
        create(ws, other);
        assertEquals(port, spec(other).at("/ports/0/nodePort").asInt(), "the released port is taken by the next Service");
    }

    @Test
    void externalNameHasNoClusterIpAndLeavingItAllocatesOne() {
        long ws = await(store.createWorkspace("ext-switch", null)).id();
        ObjectNode web = create(ws, service("web", "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"));
        String ip = spec(web).path("clusterIP").asText();

        ObjectNode external = web.deepCopy();
        spec(external).put("type", "ExternalName").put("externalName", "example.com").remove(java.util.List.of("clusterIP", "clusterIPs"));
        update(ws, web, external);
        ObjectNode taker = create(ws, service("taker", "{\"type\":\"ClusterIP\",\"clusterIP\":\"" + ip + "\",\"ports\":[{\"port\":80}]}"));
        assertEquals(ip, spec(taker).path("clusterIP").asText(), "the IP an ExternalName switch gave up is free");

        ObjectNode again = external.deepCopy();
        spec(again).put("type", "NodePort").remove("externalName");
        update(ws, external, again);
        String fresh = spec(again).path("clusterIP").asText();
        assertTrue(fresh.startsWith("10."), fresh);
        assertNotEquals(ip, fresh);
        assertEquals("[\"" + fresh + "\"]", spec(again).path("clusterIPs").toString());
        assertTrue(spec(again).at("/ports/0/nodePort").asInt() >= 30000, "and node ports for its new type");

        ObjectNode wantsTaken = external.deepCopy();
        spec(wantsTaken).put("type", "ClusterIP").put("clusterIP", ip);
        assertEquals("spec.clusterIPs: Invalid value: [\"" + ip + "\"]: failed to allocate IP " + ip + ": provided IP is already allocated",
                invalid(failure(addresses.reassign(ws, "default", external, wantsTaken, false))));
    }

    @Test
    void loadBalancersAllocateNodePortsUnlessToldNotToAndLocalOnesGetAHealthCheckPort() {
        long ws = await(store.createWorkspace("lb-switch", null)).id();
        ObjectNode web = create(ws, service("web", "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"));
        ObjectNode bare = web.deepCopy();
        spec(bare).put("type", "LoadBalancer").put("allocateLoadBalancerNodePorts", false);
        update(ws, web, bare);
        assertTrue(spec(bare).at("/ports/0/nodePort").isMissingNode(), "no node port when allocateLoadBalancerNodePorts is false");
        assertTrue(spec(bare).path("healthCheckNodePort").isMissingNode());

        ObjectNode local = bare.deepCopy();
        spec(local).put("allocateLoadBalancerNodePorts", true).put("externalTrafficPolicy", "Local");
        update(ws, bare, local);
        int nodePort = spec(local).at("/ports/0/nodePort").asInt();
        int healthCheck = spec(local).path("healthCheckNodePort").asInt();
        assertTrue(nodePort >= 30000 && healthCheck >= 30000 && nodePort != healthCheck, nodePort + " " + healthCheck);

        ObjectNode other = service("other", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + healthCheck + "}]}");
        assertEquals("spec.ports[0].nodePort: Invalid value: " + healthCheck + ": provided port is already allocated",
                invalid(failure(addresses.assign(ws, "default", other, false))), "the health check port is held too");
    }

    @Test
    void aPortClaimedByAnUpdateInFlightIsNotTakenAndADryRunClaimsNothing() {
        long ws = await(store.createWorkspace("np-race", null)).id();
        ObjectNode web = create(ws, service("web", "{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"));
        ObjectNode nodePort = web.deepCopy();
        spec(nodePort).put("type", "NodePort");
        ((ObjectNode) spec(nodePort).at("/ports/0")).put("nodePort", 31234);

        await(addresses.reassign(ws, "default", web, nodePort.deepCopy(), true));
        assertInstanceOf(StorageException.NotFound.class,
                failure(store.get(new ObjectKey(ws, "kubicle.io", "nodeports", "", "31234"))), "a dry run claims nothing");

        await(addresses.reassign(ws, "default", web, nodePort, false)); // claimed, not yet stored
        ObjectNode racer = service("racer", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":31234}]}");
        assertEquals("spec.ports[0].nodePort: Invalid value: 31234: provided port is already allocated",
                invalid(failure(addresses.assign(ws, "default", racer, false))));
        store(ws, nodePort);
        await(addresses.reassign(ws, "default", nodePort, nodePort.deepCopy(), false)); // a retry of the same update is fine
    }

    @Test
    void aValueClaimedByACreateInFlightIsNotTakenAndADeletedServiceGivesItsValuesBack() {
        long ws = await(store.createWorkspace("np-create-race", null)).id();
        ObjectNode first = service("first", "{\"type\":\"NodePort\",\"clusterIP\":\"10.96.7.7\",\"ports\":[{\"port\":80,\"nodePort\":31500}]}");
        await(addresses.assign(ws, "default", first, false)); // claimed; its create not yet stored
        ObjectNode second = service("second", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":31500}]}");
        assertEquals("spec.ports[0].nodePort: Invalid value: 31500: provided port is already allocated",
                invalid(failure(addresses.assign(ws, "default", second, false))));
        ObjectNode sameIp = service("same-ip", "{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.7.7\",\"ports\":[{\"port\":80}]}");
        assertInstanceOf(ApiError.class, failure(addresses.assign(ws, "default", sameIp, false)), "nor its ClusterIP");

        await(store.create(new ObjectWrite(key(ws, first), UUID.randomUUID().toString(), 1, Map.of(), Json.bytes(first))));
        StoredObject stored = await(store.get(key(ws, first)));
        await(store.delete(key(ws, first), Preconditions.resourceVersion(stored.resourceVersion())));
        await(addresses.release(ws, "default", first));
        create(ws, second);
        assertEquals(31500, spec(second).at("/ports/0/nodePort").asInt(), "taken at once after the delete");
        create(ws, sameIp);
        assertEquals("10.96.7.7", spec(sameIp).path("clusterIP").asText());
    }

    @Test
    void portsOfOneNumberShareANodePortOnCreate() {
        long ws = await(store.createWorkspace("np-share", null)).id();
        ObjectNode dns = create(ws, service("dns", """
                {"type":"NodePort","ports":[{"name":"tcp","port":53,"protocol":"TCP"},{"name":"udp","port":53,"protocol":"UDP"},
                 {"name":"web","port":80}]}"""));
        int shared = spec(dns).at("/ports/0/nodePort").asInt();
        assertEquals(shared, spec(dns).at("/ports/1/nodePort").asInt());
        assertNotEquals(shared, spec(dns).at("/ports/2/nodePort").asInt());

        ObjectNode asked = create(ws, service("asked", """
                {"type":"NodePort","ports":[{"name":"tcp","port":53,"protocol":"TCP"},
                 {"name":"udp","port":53,"protocol":"UDP","nodePort":31053}]}"""));
        assertEquals(31053, spec(asked).at("/ports/0/nodePort").asInt(), "the requested one, though asked by a later port");
    }
}
