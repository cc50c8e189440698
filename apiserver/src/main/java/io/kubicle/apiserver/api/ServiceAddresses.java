package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * ClusterIP and NodePort allocation for Services, per workspace, as kube-apiserver's allocators do it:
 * ClusterIPs from 10.96.0.0/12 (10.96.0.1 is the "kubernetes" Service), node ports from 30000-32767,
 * random unless the Service asks for a specific one, never two Services on one value. Each allocated
 * value is a claim object in the workspace (not served by the API); a claim whose Service is gone or
 * no longer holds the value is stale and may be taken over, so a claim left behind by any delete path
 * or by an update that gave the value up costs nothing.
 */
final class ServiceAddresses {
    static final String RANGE = "10.96.0.0/12";
    private static final long BASE = (10L << 24) | (96L << 16);
    private static final long SIZE = 1L << 20;
    private static final int NODE_PORT_MIN = 30000;
    private static final int NODE_PORT_MAX = 32767;
    private static final int ATTEMPTS = 32;
    /** How long a claim whose Service has not been written since counts as an update in flight. */
    private static final long PENDING_MILLIS = 30_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;

    ServiceAddresses(Store store) {
        this.store = store;
    }

    static boolean handles(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("services");
    }

    static boolean handles(ObjectKey key) {
        return key.group().isEmpty() && key.resource().equals("services");
    }

    /** Gives a new Service its ClusterIP, node ports and health check node port, claiming them unless this is a dry run. */
    Future<Void> assign(long workspaceId, String namespace, ObjectNode service, boolean dryRun) {
        return reassign(workspaceId, namespace, null, service, dryRun);
    }

    /**
     * What an admitted Service needs beyond what it had ({@code old}, null on create), as kube's allocateCreate and
     * allocateUpdate decide: a ClusterIP when it leaves ExternalName (or is new), node ports for NodePort and
     * LoadBalancer ports that have none or ask for one it did not hold, a health check node port once it becomes a
     * LoadBalancer with externalTrafficPolicy Local. Nothing is released here: once the update is stored, a claim on a
     * value the Service no longer holds is stale, and the next Service that asks takes it over.
     */
    Future<Void> reassign(long workspaceId, String namespace, ObjectNode old, ObjectNode service, boolean dryRun) {
        ObjectNode spec = service.withObject("/spec");
        JsonNode oldSpec = old == null ? null : old.path("spec");
        String name = Json.text(Json.metadata(service), "name");
        Claims claims = new Claims(workspaceId, namespace + "/" + name, name, dryRun);
        Future<Void> ip = needsClusterIp(spec) && (oldSpec == null || !needsClusterIp(oldSpec))
                ? clusterIp(claims, spec) : Future.succeededFuture();
        return ip.compose(v -> needsNodePorts(spec) ? nodePorts(claims, spec, oldSpec) : Future.<Void>succeededFuture())
                .compose(v -> needsHealthCheck(spec) && (oldSpec == null || !needsHealthCheck(oldSpec))
                        ? healthCheckNodePort(claims, spec) : Future.succeededFuture());
    }

    /** Who claims, for which workspace, and whether this is only a dry run. */
    private record Claims(long workspaceId, String owner, String service, boolean dryRun) {
    }

    private Future<Void> clusterIp(Claims claims, ObjectNode spec) {
        String requested = Json.text(spec, "clusterIP");
        if (requested.isEmpty() && spec.path("clusterIPs").size() > 0) {
            requested = spec.path("clusterIPs").get(0).asText();
        }
        if (requested.equals("None")) {
            setClusterIp(spec, "None");
            return Future.succeededFuture();
        }
        if (requested.isEmpty()) {
            return allocate(claims, "serviceips", () -> format(BASE + 2 + RANDOM.nextInt((int) SIZE - 3)))
                    .map(chosen -> {
                        setClusterIp(spec, chosen);
                        return null;
                    });
        }
        String ip = requested;
        Long value = parse(ip);
        String shown = "[\"" + ip + "\"]";
        if (value == null || value < BASE || value >= BASE + SIZE) {
            return Future.failedFuture(invalid(claims, "spec.clusterIPs", shown, "failed to allocate IP " + ip
                    + ": the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " + RANGE));
        }
        return claim(claims, "serviceips", ip).compose(ok -> ok ? Future.succeededFuture()
                : Future.failedFuture(invalid(claims, "spec.clusterIPs", shown,
                "failed to allocate IP " + ip + ": provided IP is already allocated")))
                .map(v -> {
                    setClusterIp(spec, ip);
                    return null;
                });
    }

    /**
     * kube's updateNodePorts (its initNodePorts on create): a port keeps a node port the Service already held, claims a
     * new one it asks for, and gets a free one when it has none, unless a LoadBalancer says allocateLoadBalancerNodePorts false.
     */
    private Future<Void> nodePorts(Claims claims, ObjectNode spec, JsonNode oldSpec) {
        Set<Long> held = new HashSet<>();
        if (oldSpec != null) {
            oldSpec.path("ports").forEach(p -> held.add(p.path("nodePort").asLong(0)));
        }
        boolean allocateMissing = !spec.path("type").asText().equals("LoadBalancer")
                || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        List<JsonNode> ports = new ArrayList<>();
        spec.path("ports").forEach(ports::add);
        // on create, ports of one number (53/TCP and 53/UDP) share a node port, as kube's initNodePorts gives them
        Map<Long, Long> byNumber = new HashMap<>();
        boolean share = oldSpec == null;
        if (share) {
            ports.forEach(p -> {
                if (p.path("nodePort").asLong(0) != 0) {
                    byNumber.putIfAbsent(p.path("port").asLong(), p.path("nodePort").asLong());
                }
            });
        }
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof ObjectNode port)) {
                continue;
            }
            long number = port.path("port").asLong();
            long requested = port.path("nodePort").asLong(0);
            long wanted = requested == 0 && allocateMissing ? byNumber.getOrDefault(number, 0L) : requested;
            String field = "spec.ports[" + i + "].nodePort";
            if (wanted == 0 && allocateMissing) {
                chain = chain.compose(v -> {
                    Long same = byNumber.get(number); // given to a port of this number earlier in this create
                    if (same != null) {
                        port.put("nodePort", same.intValue());
                        return Future.succeededFuture();
                    }
                    return allocateNodePort(claims).map(p -> {
                        port.put("nodePort", Integer.parseInt(p));
                        if (share) {
                            byNumber.put(number, Long.parseLong(p));
                        }
                        return null;
                    });
                });
            } else if (wanted != 0) {
                port.put("nodePort", (int) wanted);
                if (held.add(wanted)) {
                    chain = chain.compose(v -> claimPort(claims, field, wanted));
                }
            }
        }
        return chain;
    }

    private Future<Void> healthCheckNodePort(Claims claims, ObjectNode spec) {
        long wanted = spec.path("healthCheckNodePort").asLong(0);
        if (wanted != 0) {
            return claimPort(claims, "spec.healthCheckNodePort", wanted);
        }
        return allocateNodePort(claims).map(p -> {
            spec.put("healthCheckNodePort", Integer.parseInt(p));
            return null;
        });
    }

    private Future<Void> claimPort(Claims claims, String field, long wanted) {
        if (wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
            return Future.failedFuture(invalid(claims, field, Long.toString(wanted), "provided port is not in the valid range."
                    + " The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
        }
        return claim(claims, "nodeports", Long.toString(wanted)).compose(ok -> ok ? Future.<Void>succeededFuture()
                : Future.failedFuture(invalid(claims, field, Long.toString(wanted), "provided port is already allocated")));
    }

    /**
     * kube's node port bands (KEP-3668): the lowest {@code min(max(16, size/32), 128)} ports are left to Services that
     * name their port, and chosen ports come from above them; only when that is full from the whole range.
     */
    static final int NODE_PORT_STATIC_BAND = Math.min(Math.max(16, (NODE_PORT_MAX - NODE_PORT_MIN + 1) / 32), 128);

    private Future<String> allocateNodePort(Claims claims) {
        return allocate(claims, "nodeports", () -> Integer.toString(NODE_PORT_MIN + NODE_PORT_STATIC_BAND
                + RANDOM.nextInt(NODE_PORT_MAX - NODE_PORT_MIN + 1 - NODE_PORT_STATIC_BAND)))
                .recover(full -> allocate(claims, "nodeports", () -> Integer.toString(NODE_PORT_MIN
                        + RANDOM.nextInt(NODE_PORT_MAX - NODE_PORT_MIN + 1))));
    }

    private static boolean needsClusterIp(JsonNode spec) {
        return !Json.text(spec, "type").equals("ExternalName");
    }

    private static boolean needsNodePorts(JsonNode spec) {
        String type = Json.text(spec, "type");
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    /** kube's NeedsHealthCheck: only a LoadBalancer that keeps traffic on the node that got it. */
    private static boolean needsHealthCheck(JsonNode spec) {
        return Json.text(spec, "type").equals("LoadBalancer") && Json.text(spec, "externalTrafficPolicy").equals("Local");
    }

    private Future<String> allocate(Claims claims, String kind, Supplier<String> candidates) {
        return attempt(claims, kind, candidates, ATTEMPTS);
    }

    private Future<String> attempt(Claims claims, String kind, Supplier<String> candidates, int left) {
        if (left == 0) {
            return Future.failedFuture(Statuses.internal("range is full: no free " + (kind.equals("nodeports") ? "node port" : "IP")
                    + " could be allocated after " + ATTEMPTS + " attempts"));
        }
        String candidate = candidates.get();
        return claim(claims, kind, candidate).compose(ok -> ok ? Future.succeededFuture(candidate)
                : attempt(claims, kind, candidates, left - 1));
    }

    /** Claims {@code value}; false when another Service holds it or is about to. */
    private Future<Boolean> claim(Claims claims, String kind, String value) {
        ObjectKey key = new ObjectKey(claims.workspaceId(), "kubicle.io", kind, "", value);
        if (claims.dryRun()) {
            return store.get(key).compose(existing -> free(claims, existing, kind, value))
                    .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(true) : Future.failedFuture(e));
        }
        return store.create(claimWrite(key, claims.owner())).map(created -> true).recover(e -> {
            if (!(e instanceof StorageException.AlreadyExists)) {
                return Future.failedFuture(e);
            }
            return store.get(key).compose(existing -> free(claims, existing, kind, value).compose(free -> !free
                    || owner(existing).equals(claims.owner()) ? Future.succeededFuture(free)
                    : store.update(claimWrite(key, claims.owner()), Preconditions.resourceVersion(existing.resourceVersion()))
                    .map(updated -> true)
                    .recover(conflict -> conflict instanceof StorageException.Conflict ? Future.succeededFuture(false)
                            : Future.failedFuture(conflict))));
        });
    }

    /**
     * Whether a claim may be taken: it is ours already, or its Service was written after the claim without the value
     * (an update moved away from it), or its Service does not exist and the claim is older than a create takes. A
     * Service not written since it claimed the value is in the middle of an update (or, missing, of its create) that will
     * hold it, unless that was so long ago that the write must have failed. A deleted Service gives its claims back
     * ({@link #release}), so a missing one with a recent claim is a create in flight.
     */
    private Future<Boolean> free(Claims claims, StoredObject claim, String kind, String value) {
        String owner = owner(claim);
        int slash = owner.indexOf('/');
        if (owner.equals(claims.owner()) || slash < 0) {
            return Future.succeededFuture(true);
        }
        ObjectKey service = new ObjectKey(claims.workspaceId(), "", "services", owner.substring(0, slash), owner.substring(slash + 1));
        long claimedAt = Json.parseStored(claim.body()).path("claimedAt").asLong(0);
        return store.get(service).map(svc -> !uses(Json.parseStored(svc.body()), kind, value)
                        && (svc.resourceVersion() > claim.resourceVersion() || System.currentTimeMillis() - claimedAt > PENDING_MILLIS))
                .recover(e -> e instanceof StorageException.NotFound
                        ? Future.succeededFuture(System.currentTimeMillis() - claimedAt > PENDING_MILLIS) : Future.failedFuture(e));
    }

    /**
     * Gives back the ClusterIP and node ports a deleted Service held, so another Service may take them at once; nothing
     * for other kinds. Every path that deletes a Service calls it (a delete, the last finalizer removed, a namespace
     * emptied, the garbage collector). Best effort: a claim it misses (a crash between the delete and this) is taken
     * over once it is older than a write takes.
     */
    Future<Void> release(ObjectKey deleted, ObjectNode object) {
        return handles(deleted) ? release(deleted.workspaceId(), deleted.namespace(), object) : Future.succeededFuture();
    }

    /** As {@link #release(ObjectKey, ObjectNode)}, for a Service known to be one. */
    Future<Void> release(long workspaceId, String namespace, ObjectNode service) {
        String owner = namespace + "/" + Json.text(Json.metadata(service), "name");
        JsonNode spec = service.path("spec");
        List<ObjectKey> held = new ArrayList<>();
        String ip = spec.path("clusterIP").asText("");
        if (parse(ip) != null) {
            held.add(new ObjectKey(workspaceId, "kubicle.io", "serviceips", "", ip));
        }
        for (JsonNode port : spec.path("ports")) {
            if (port.path("nodePort").asInt(0) > 0) {
                held.add(new ObjectKey(workspaceId, "kubicle.io", "nodeports", "", port.path("nodePort").asText()));
            }
        }
        if (spec.path("healthCheckNodePort").asInt(0) > 0) {
            held.add(new ObjectKey(workspaceId, "kubicle.io", "nodeports", "", spec.path("healthCheckNodePort").asText()));
        }
        Future<Void> chain = Future.succeededFuture();
        for (ObjectKey key : held) {
            chain = chain.compose(v -> store.get(key)
                    .compose(claim -> owner(claim).equals(owner)
                            ? store.delete(key, Preconditions.resourceVersion(claim.resourceVersion())).<Void>mapEmpty()
                            : Future.<Void>succeededFuture())
                    .otherwiseEmpty());
        }
        return chain;
    }

    private static String owner(StoredObject claim) {
        return Json.parseStored(claim.body()).path("owner").asText();
    }

    private static boolean uses(ObjectNode service, String kind, String value) {
        JsonNode spec = service.path("spec");
        if (kind.equals("serviceips")) {
            return value.equals(spec.path("clusterIP").asText());
        }
        for (JsonNode port : spec.path("ports")) {
            if (value.equals(port.path("nodePort").asText())) {
                return true;
            }
        }
        return value.equals(spec.path("healthCheckNodePort").asText());
    }

    private static ObjectWrite claimWrite(ObjectKey key, String owner) {
        ObjectNode body = Json.object();
        body.put("apiVersion", "kubicle.io/v1").put("kind", "Claim").put("owner", owner).put("claimedAt", System.currentTimeMillis());
        body.putObject("metadata").put("name", key.name());
        return new ObjectWrite(key, UUID.randomUUID().toString(), 1, Map.of(), Json.string(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The claim of the workspace's "kubernetes" Service, for the objects every workspace starts with. */
    static ObjectWrite kubernetesServiceClaim(long workspaceId) {
        return claimWrite(new ObjectKey(workspaceId, "kubicle.io", "serviceips", "", "10.96.0.1"), "default/kubernetes");
    }

    private static void setClusterIp(ObjectNode spec, String ip) {
        spec.put("clusterIP", ip);
        ArrayNode ips = spec.putArray("clusterIPs");
        ips.add(ip);
    }

    private static io.kubicle.apiserver.ApiError invalid(Claims claims, String field, String value, String detail) {
        return Statuses.invalid("", "Service", claims.service(), List.of(FieldError.invalid(field, value, detail)));
    }

    private static Long parse(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String p : parts) {
            try {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255 || !p.equals(Integer.toString(octet))) {
                    return null;
                }
                value = (value << 8) | octet;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return value;
    }

    private static String format(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
