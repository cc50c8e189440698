package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a pod's or a service's proxy goes when this server dials it itself (the root workspace of a Kubicle that is a
 * host), found as kube-apiserver finds it: a pod's IP and the port asked for (or its first container port); for a
 * service, a ready address of its Endpoints with the service port's name, checked against the pod it names. Kubicle runs
 * no endpoints controller: a service's Endpoints are whoever writes them.
 */
final class ProxyLocations {
    private final Store store;

    ProxyLocations(Store store) {
        this.store = store;
    }

    /** The pod or service a proxy names (read from the store: the query string is the far end's, not a get's options). */
    Future<JsonNode> object(long workspaceId, String resource, String namespace, String name) {
        return store.get(new ObjectKey(workspaceId, "", resource, namespace, name)).<JsonNode>map(stored -> Json.parseStored(stored.body()))
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound ? Statuses.notFound("", resource, name) : e));
    }

    /** {@code scheme://podIP[:port]} of {@code pod}. */
    static String pod(JsonNode pod, ProxyAddress address) {
        String port = address.port();
        if (port.isEmpty()) {
            for (JsonNode container : pod.path("spec").path("containers")) {
                if (port.isEmpty() && container.path("ports").size() > 0) {
                    port = container.path("ports").get(0).path("containerPort").asText("");
                }
            }
        }
        if (!port.matches("[0-9]{0,5}")) {
            throw Statuses.badRequest("invalid pod request \"" + address.name() + ":" + port + "\": a pod's proxy takes a port number");
        }
        JsonNode ips = pod.path("status").path("podIPs");
        String ip = ips.size() > 0 ? ips.get(0).path("ip").asText("") : pod.path("status").path("podIP").asText("");
        if (!globalUnicast(ip)) {
            throw Statuses.badRequest("address not allowed");
        }
        return address.schemeOrHttp() + "://" + hostPort(ip, port);
    }

    /** {@code scheme://ip:port} of one of the service's endpoints that serves the port asked for. */
    Future<String> service(long workspaceId, String namespace, JsonNode service, ProxyAddress address) {
        String name = address.name();
        String portName = address.port();
        if (portName.matches("[0-9]+")) {
            portName = null;
            for (JsonNode p : service.path("spec").path("ports")) {
                if (p.path("port").asText().equals(address.port())) {
                    portName = p.path("name").asText("");
                    break;
                }
            }
            if (portName == null) {
                throw Statuses.serviceUnavailable("no service port " + address.port() + " found for service \"" + name + "\"");
            }
        }
        String wanted = portName;
        return store.get(new ObjectKey(workspaceId, "", "endpoints", namespace, name))
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound ? Statuses.notFound("", "endpoints", name) : e))
                .compose(stored -> {
                    JsonNode subsets = Json.parseStored(stored.body()).path("subsets");
                    if (subsets.isEmpty()) {
                        throw Statuses.serviceUnavailable("no endpoints available for service \"" + name + "\"");
                    }
                    List<Candidate> candidates = new ArrayList<>();
                    for (JsonNode subset : subsets) {
                        for (JsonNode port : subset.path("ports")) {
                            if (port.path("name").asText("").equals(wanted)) {
                                subset.path("addresses").forEach(a -> candidates.add(new Candidate(a, port.path("port").asInt())));
                            }
                        }
                    }
                    java.util.Collections.shuffle(candidates, ThreadLocalRandom.current());
                    return first(workspaceId, namespace, candidates, 0, address);
                });
    }

    private record Candidate(JsonNode address, int port) {
    }

    /** The first candidate whose pod really has its IP (kube's check: an Endpoints writer cannot aim the server anywhere). */
    private Future<String> first(long workspaceId, String namespace, List<Candidate> candidates, int at, ProxyAddress address) {
        if (at >= candidates.size()) {
            return Future.failedFuture(Statuses.serviceUnavailable("no endpoints available for service \"" + address.name()
                    + (address.port().isEmpty() ? "" : ":" + address.port()) + "\""));
        }
        Candidate candidate = candidates.get(at);
        String ip = candidate.address().path("ip").asText("");
        JsonNode ref = candidate.address().path("targetRef");
        if (!ref.path("kind").asText("Pod").equals("Pod") || !ref.path("namespace").asText(namespace).equals(namespace)
                || ref.path("name").asText("").isEmpty()) {
            return first(workspaceId, namespace, candidates, at + 1, address);
        }
        return store.get(new ObjectKey(workspaceId, "", "pods", namespace, ref.path("name").asText()))
                .map(stored -> hasIp(Json.parseStored(stored.body()), ip))
                .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(false) : Future.failedFuture(e))
                .compose(valid -> valid && globalUnicast(ip)
                        ? Future.succeededFuture(address.schemeOrHttp() + "://" + hostPort(ip, Integer.toString(candidate.port())))
                        : first(workspaceId, namespace, candidates, at + 1, address));
    }

    private static boolean hasIp(JsonNode pod, String ip) {
        for (JsonNode podIp : pod.path("status").path("podIPs")) {
            if (podIp.path("ip").asText().equals(ip)) {
                return true;
            }
        }
        return pod.path("status").path("podIP").asText().equals(ip);
    }

    /** Go's IP.IsGlobalUnicast for an IP literal: not unspecified, loopback, link-local, multicast or broadcast. */
    static boolean globalUnicast(String ip) {
        if (!ip.matches("[0-9.]+") && !(ip.contains(":") && ip.matches("[0-9A-Fa-f:.]+"))) {
            return false; // not a literal: never resolved
        }
        try {
            InetAddress a = InetAddress.getByName(ip);
            return !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress()
                    && !ip.equals("255.255.255.255");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostPort(String ip, String port) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return port.isEmpty() ? host : host + ":" + port;
    }
}
