package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ClusterIP and NodePort allocation for Services, per workspace, as kube-apiserver's allocators do it:
 * ClusterIPs from 10.96.0.0/12 (10.96.0.1 is the "kubernetes" Service), node ports from 30000-32767,
 * random unless the Service asks for a specific one, never two Services on one value. Each allocated
 * value is a claim object in the workspace (not served by the API); a claim whose Service is gone or
 * no longer holds the value is stale and may be taken over, so a claim left behind by any delete path
 * costs nothing.
 */
final class ServiceAddresses {
    static final String RANGE = "10.96.0.0/12";
    private static final long BASE = (10L << 24) | (96L << 16);
    private static final long SIZE = 1L << 20;
    private static final int NODE_PORT_MIN = 30000;
    private static final int NODE_PORT_MAX = 32767;
    private static final int ATTEMPTS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;

    ServiceAddresses(Store store) {
        this.store = store;
    }

    static boolean handles(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("services");
    }

    /** Gives a new Service its ClusterIP and node ports, claiming them unless this is a dry run. */
    Future<Void> assign(ApiCall call, ObjectNode service, boolean dryRun) {
        ObjectNode spec = service.withObject("/spec");
        String type = Json.text(spec, "type");
        if (type.equals("ExternalName")) {
            return Future.succeededFuture();
        }
        String name = Json.text(Json.metadata(service), "name");
        String owner = call.info().namespace() + "/" + name;
        Future<Void> ip;
        String requested = Json.text(spec, "clusterIP");
        if (requested.equals("None")) {
            setClusterIp(spec, "None");
            ip = Future.succeededFuture();
        } else if (!requested.isEmpty()) {
            Long value = parse(requested);
            if (value == null || value < BASE || value >= BASE + SIZE) {
                throw invalid(name, "spec.clusterIPs", "[\"" + requested + "\"]", "failed to allocate IP " + requested
                        + ": the provided IP (" + requested + ") is not in the valid range. The range of valid IPs is " + RANGE);
            }
            ip = claim(call, "serviceips", requested, owner, dryRun).compose(ok -> ok ? Future.succeededFuture()
                    : Future.failedFuture(invalid(name, "spec.clusterIPs", "[\"" + requested + "\"]",
                    "failed to allocate IP " + requested + ": provided IP is already allocated")))
                    .map(v -> {
                        setClusterIp(spec, requested);
                        return null;
                    });
        } else {
            ip = allocate(call, "serviceips", owner, dryRun, () -> format(BASE + 2 + RANDOM.nextInt((int) SIZE - 3)))
                    .map(chosen -> {
                        setClusterIp(spec, chosen);
                        return null;
                    });
        }
        if (!type.equals("NodePort") && !type.equals("LoadBalancer")
                || type.equals("LoadBalancer") && !spec.path("allocateLoadBalancerNodePorts").asBoolean(true)) {
            return ip;
        }
        List<ObjectNode> ports = new java.util.ArrayList<>();
        spec.path("ports").forEach(p -> {
            if (p.isObject()) {
                ports.add((ObjectNode) p);
            }
        });
        return ip.compose(v -> nodePorts(call, name, owner, ports, dryRun));
    }

    private Future<Void> nodePorts(ApiCall call, String name, String owner, List<ObjectNode> ports, boolean dryRun) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String field = "spec.ports[" + i + "].nodePort";
            chain = chain.compose(v -> {
                long wanted = port.path("nodePort").asLong(0);
                if (wanted == 0) {
                    return allocate(call, "nodeports", owner, dryRun,
                            () -> Integer.toString(NODE_PORT_MIN + RANDOM.nextInt(NODE_PORT_MAX - NODE_PORT_MIN + 1)))
                            .map(p -> {
                                port.put("nodePort", Integer.parseInt(p));
                                return null;
                            });
                }
                if (wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
                    return Future.failedFuture(invalid(name, field, Long.toString(wanted), "provided port is not in the valid range."
                            + " The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
                }
                return claim(call, "nodeports", Long.toString(wanted), owner, dryRun).compose(ok -> ok ? Future.<Void>succeededFuture()
                        : Future.failedFuture(invalid(name, field, Long.toString(wanted), "provided port is already allocated")));
            });
        }
        return chain;
    }

    private Future<String> allocate(ApiCall call, String kind, String owner, boolean dryRun,
                                    java.util.function.Supplier<String> candidates) {
        return attempt(call, kind, owner, dryRun, candidates, ATTEMPTS);
    }

    private Future<String> attempt(ApiCall call, String kind, String owner, boolean dryRun,
                                   java.util.function.Supplier<String> candidates, int left) {
        if (left == 0) {
            return Future.failedFuture(Statuses.internal("range is full: no free " + (kind.equals("nodeports") ? "node port" : "IP")
                    + " could be allocated after " + ATTEMPTS + " attempts"));
        }
        String candidate = candidates.get();
        return claim(call, kind, candidate, owner, dryRun).compose(ok -> ok ? Future.succeededFuture(candidate)
                : attempt(call, kind, owner, dryRun, candidates, left - 1));
    }

    /** Claims {@code value} for {@code owner}; false when a live Service holds it. */
    private Future<Boolean> claim(ApiCall call, String kind, String value, String owner, boolean dryRun) {
        ObjectKey key = new ObjectKey(call.workspaceId(), "kubicle.io", kind, "", value);
        if (dryRun) {
            return store.get(key).compose(existing -> stale(call, existing, kind, value))
                    .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(true) : Future.failedFuture(e));
        }
        return store.create(claimWrite(key, owner)).map(created -> true).recover(e -> {
            if (!(e instanceof StorageException.AlreadyExists)) {
                return Future.failedFuture(e);
            }
            return store.get(key).compose(existing -> stale(call, existing, kind, value).compose(isStale -> !isStale
                    ? Future.succeededFuture(false)
                    : store.update(claimWrite(key, owner), io.kubicle.storage.Preconditions.resourceVersion(existing.resourceVersion()))
                    .map(updated -> true)
                    .recover(conflict -> conflict instanceof StorageException.Conflict ? Future.succeededFuture(false)
                            : Future.failedFuture(conflict))));
        });
    }

    /** Whether a claim's Service no longer exists or no longer uses the value. */
    private Future<Boolean> stale(ApiCall call, StoredObject claim, String kind, String value) {
        String owner = Json.parseStored(claim.body()).path("owner").asText();
        int slash = owner.indexOf('/');
        if (slash < 0) {
            return Future.succeededFuture(true);
        }
        ObjectKey service = new ObjectKey(call.workspaceId(), "", "services", owner.substring(0, slash), owner.substring(slash + 1));
        return store.get(service).map(svc -> !uses(Json.parseStored(svc.body()), kind, value))
                .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(true) : Future.failedFuture(e));
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
        return false;
    }

    private static ObjectWrite claimWrite(ObjectKey key, String owner) {
        ObjectNode body = Json.object();
        body.put("apiVersion", "kubicle.io/v1").put("kind", "Claim").put("owner", owner);
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

    private static io.kubicle.apiserver.ApiError invalid(String name, String field, String value, String detail) {
        return Statuses.invalid("", "Service", name, List.of(FieldError.invalid(field, value, detail)));
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
