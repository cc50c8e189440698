package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syncer in the place of a kubelet, for Kubicle: {@code GET /containerLogs/<workspace>/<namespace>/<pod>/<container>},
 * and the upgraded {@code /exec/…/<container>}, {@code /attach/…/<container>} and {@code /portForward/<workspace>/<namespace>/<pod>}
 * (the kubelet's paths with the workspace in front). Each goes to the host cluster's {@code pods/log}, {@code exec},
 * {@code attach} or {@code portforward} of the pod's host copy, with the syncer's host credentials: a log passed on
 * chunk by chunk, a stream passed through byte for byte once the host has switched protocols. Kubicle has checked the
 * request and the container; this checks that the workspace is this syncer's and that the host pod is the tenant's
 * (its {@code kubicle.io/tenant-uid}), so a successor of the same name never answers for it. Host answers other than
 * success go back as they came. {@code /proxy/…} is {@link HostProxy}'s, {@code /metrics/…} (a workspace's
 * {@code kubectl top}) {@link MetricsRequests}'.
 */
final class ContainerEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerEndpoint.class);
    /** Logs and streams open at once (each holds a host connection while its client reads). */
    static final int MAX_STREAMS = 256;
    private static final List<String> UPGRADE_HEADERS = List.of("Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "X-Stream-Protocol-Version");
    private static final Map<String, String> HOST_SUBRESOURCE = Map.of("containerLogs", "log", "exec", "exec", "attach", "attach",
            "portForward", "portforward");

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient hostClient;
    private final HostConnection host;
    private final HostCluster cluster;
    private final Predicate<String> synced;
    private final String url;
    private final String certificateSha256;
    private final Semaphore open = new Semaphore(MAX_STREAMS);
    private final HostProxy proxy;
    private final MetricsRequests metrics;

    /**
     * @param listen where to listen (port 0: any free port)
     * @param advertised the URL Kubicle reaches this at, or null for {@code https://<listen address>:<port>}
     * @param workspaces the workspaces this syncer runs, by name (null for one it does not)
     * @param hostMetrics where the host's resource metrics come from
     */
    ContainerEndpoint(InetSocketAddress listen, String advertised, String kubicleCaPem, HostConnection host, HostCluster cluster,
                      Function<String, TenantWorkspace> workspaces, HostMetrics hostMetrics) {
        this.host = host;
        this.cluster = cluster;
        this.synced = workspace -> workspaces.apply(workspace) != null;
        String address = listen.getAddress().isAnyLocalAddress() ? "127.0.0.1" : listen.getAddress().getHostAddress();
        String name = advertised != null ? EndpointTls.hostOf(advertised) : address;
        EndpointTls tls = EndpointTls.create(name, kubicleCaPem);
        this.certificateSha256 = tls.certificateSha256();
        this.hostClient = vertx.createHttpClient(host.options());
        this.proxy = new HostProxy(vertx, host, hostClient, cluster, synced, open);
        this.metrics = new MetricsRequests(vertx, hostMetrics, cluster, workspaces, open);
        this.server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(tls.keys()))
                .setTrustOptions(TrustOptions.wrap(tls.trust())).setClientAuth(ClientAuth.REQUIRED));
        server.requestHandler(this::serve);
        try {
            int port = server.listen(listen.getPort(), listen.getAddress().getHostAddress()).await().actualPort();
            this.url = advertised != null ? strip(advertised) : "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    String url() {
        return url;
    }

    String certificateSha256() {
        return certificateSha256;
    }

    private void serve(HttpServerRequest request) {
        if (request.path().startsWith("/proxy/")) {
            proxy.serve(request);
            return;
        }
        if (request.path().startsWith("/metrics/")) {
            metrics.serve(request);
            return;
        }
        String[] parts = request.path().split("/", -1);
        String kind = parts.length > 1 ? parts[1] : "";
        String hostSubresource = HOST_SUBRESOURCE.get(kind);
        boolean container = !kind.equals("portForward");
        if (hostSubresource == null || parts.length != (container ? 6 : 5)) {
            fail(request, 404, "NotFound", "expected /containerLogs, /exec or /attach/<workspace>/<namespace>/<pod>/<container>,"
                    + " or /portForward/<workspace>/<namespace>/<pod>");
            return;
        }
        String workspace = segment(parts[2]);
        String namespace = segment(parts[3]);
        String pod = segment(parts[4]);
        if (!synced.test(workspace)) {
            fail(request, 404, "NotFound", "workspace " + workspace + " is not synced by this syncer");
            return;
        }
        String hostNamespace = HostNames.namespace(workspace, namespace);
        Pod hostPod = cluster.pods.getIndexer().getByKey(hostNamespace + "/" + pod);
        String uid = request.getParam("podUID");
        String hostUid = hostPod == null || hostPod.getMetadata().getAnnotations() == null ? null
                : hostPod.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID);
        if (hostPod == null || uid != null && !uid.isEmpty() && !uid.equals(hostUid)) {
            fail(request, 404, "NotFound", "pod " + pod + " has no copy on the host cluster (not synced yet, or gone)");
            return;
        }
        if (!open.tryAcquire()) {
            busy(request);
            return;
        }
        String target = host.baseUrl() + "/api/v1/namespaces/" + encode(hostNamespace) + "/pods/" + encode(pod) + "/" + hostSubresource
                + "?" + encodeQuery(request, container ? segment(parts[5]) : null);
        if (!kind.equals("containerLogs")) {
            request.pause(); // its connection becomes the stream's once the host switches protocols
        }
        Future<Void> done = kind.equals("containerLogs") ? log(request, target) : tunnel(request, target);
        done.onComplete(ar -> {
            open.release();
            if (ar.failed()) {
                LOG.debug("a {} of {}/{} ended: {}", kind, hostNamespace, pod, ar.cause().toString());
            }
        });
    }

    private Future<Void> log(HttpServerRequest request, String target) {
        return send(request, target, false).compose(answer -> {
            HttpServerResponse out = request.response().setStatusCode(answer.statusCode()).setChunked(true);
            String type = answer.getHeader("Content-Type");
            out.putHeader("Content-Type", type == null ? "text/plain" : type);
            request.connection().closeHandler(v -> answer.request().reset());
            return answer.pipeTo(out);
        });
    }

    private Future<Void> tunnel(HttpServerRequest request, String target) {
        return send(request, target, true).compose(answer -> passThrough(request, answer));
    }

    /** The host's answer to an upgrade: once it has switched protocols, bytes both ways until either side closes. */
    static Future<Void> passThrough(HttpServerRequest request, HttpClientResponse answer) {
        if (answer.statusCode() != 101) {
            request.resume(); // no stream after all: the connection serves the next request
            HttpServerResponse out = request.response().setStatusCode(answer.statusCode());
            String type = answer.getHeader("Content-Type");
            out.putHeader("Content-Type", type == null ? "text/plain" : type);
            return answer.body().compose(out::end);
        }
        HttpServerResponse out = request.response().setStatusCode(101);
        answer.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
        NetSocket far = answer.netSocket();
        return request.toNetSocket().onFailure(e -> far.close()).compose(near -> {
            io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
            near.pipeTo(far);
            far.pipeTo(near);
            near.closeHandler(v -> {
                far.close();
                closed.tryComplete();
            });
            far.closeHandler(v -> {
                near.close();
                closed.tryComplete();
            });
            return closed.future();
        });
    }

    /** Sends the request to the host: a plain GET for a log, the client's upgrade handshake for a stream. */
    private Future<HttpClientResponse> send(HttpServerRequest request, String target, boolean upgrade) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setAbsoluteURI(target);
        if (upgrade) {
            for (String name : UPGRADE_HEADERS) {
                for (String value : request.headers().getAll(name)) {
                    options.addHeader(name, value);
                }
            }
        }
        return host.exchange(vertx, hostClient, options, true, r -> upgrade ? r.connect() : r.send())
                .onFailure(e -> fail(request, 503, "ServiceUnavailable", "the syncer could not reach the host cluster: " + e.getMessage()));
    }

    /** A 429 when {@link #MAX_STREAMS} are open: client-go and kubectl wait the Retry-After and ask again. */
    static void busy(HttpServerRequest request) {
        request.response().putHeader("Retry-After", "1");
        fail(request, 429, "TooManyRequests", "the syncer is serving " + MAX_STREAMS + " logs, streams and proxied requests"
                + " already; try again when one has ended");
    }

    static void fail(HttpServerRequest request, int code, String reason, String message) {
        request.resume();
        if (request.response().headWritten()) {
            request.response().reset();
            return;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(Buffer.buffer(SyncerJson.asJson(status)));
    }

    /** The query to pass on: what Kubicle sent (minus podUID) and the container, each value encoded again. */
    private static String encodeQuery(HttpServerRequest request, String container) {
        StringBuilder q = new StringBuilder();
        request.params().forEach((k, v) -> {
            if (!k.equals("podUID") && !k.equals("container")) {
                q.append(q.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v));
            }
        });
        if (container != null) {
            q.append(q.length() == 0 ? "" : "&").append("container=").append(encode(container));
        }
        return q.toString();
    }

    /** A path segment: a '+' there is a plus, not a space. */
    static String segment(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
