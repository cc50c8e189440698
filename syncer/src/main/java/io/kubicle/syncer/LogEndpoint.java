package io.kubicle.syncer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syncer's answer to Kubicle's {@code pods/log}: {@code GET /containerLogs/<workspace>/<namespace>/<pod>/<container>}
 * (the kubelet's path with the workspace in front), streamed from the host cluster's {@code pods/log} of the pod's
 * host copy with the syncer's host credentials. Kubicle has checked the request and the container; this checks that
 * the workspace is this syncer's and that the host pod is the tenant's (its {@code kubicle.io/tenant-uid}), so a
 * log of a deleted pod's successor is never shown for it. Host answers other than 200 go back as they came.
 */
final class LogEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogEndpoint.class);
    private static final Set<String> FORWARDED = Set.of("follow", "previous", "timestamps", "sinceSeconds", "sinceTime",
            "tailLines", "limitBytes");
    /** Logs streamed at once (each holds a thread and a host connection while its reader reads). */
    static final int MAX_STREAMS = 256;

    private final HttpsServer server;
    private final ExecutorService streams;
    private final HostCluster host;
    private final Predicate<String> synced;
    private final String url;
    private final String certificateSha256;
    private final java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(MAX_STREAMS);

    /**
     * @param listen where to listen (port 0: any free port)
     * @param advertised the URL Kubicle reaches this at, or null for {@code https://<listen address>:<port>}
     * @param synced whether a workspace is one this syncer runs
     */
    LogEndpoint(InetSocketAddress listen, String advertised, String kubicleCaPem, HostCluster host, Predicate<String> synced)
            throws IOException {
        this.host = host;
        this.synced = synced;
        this.server = HttpsServer.create(listen, 0);
        String address = listen.getAddress().isAnyLocalAddress() ? "127.0.0.1" : listen.getAddress().getHostAddress();
        this.url = advertised != null ? strip(advertised)
                : "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + server.getAddress().getPort();
        LogTls tls = LogTls.create(LogTls.hostOf(url), kubicleCaPem);
        this.certificateSha256 = tls.certificateSha256();
        server.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        // a followed log holds its thread for as long as the client reads
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "syncer-logs");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(streams);
        server.createContext("/containerLogs/", this::serve);
        server.start();
    }

    String url() {
        return url;
    }

    String certificateSha256() {
        return certificateSha256;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, status(405, "MethodNotAllowed", "only GET is served here"));
                return;
            }
            String[] parts = exchange.getRequestURI().getRawPath().substring("/containerLogs/".length()).split("/", -1);
            if (parts.length != 4) {
                send(exchange, 404, status(404, "NotFound", "expected /containerLogs/<workspace>/<namespace>/<pod>/<container>"));
                return;
            }
            String workspace = segment(parts[0]);
            String namespace = segment(parts[1]);
            String pod = segment(parts[2]);
            String container = segment(parts[3]);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!synced.test(workspace)) {
                send(exchange, 404, status(404, "NotFound", "workspace " + workspace + " is not synced by this syncer"));
                return;
            }
            String hostNamespace = HostNames.namespace(workspace, namespace);
            Pod hostPod = host.pods.getIndexer().getByKey(hostNamespace + "/" + pod);
            String uid = query.get("podUID");
            String hostUid = hostPod == null || hostPod.getMetadata().getAnnotations() == null ? null
                    : hostPod.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID);
            if (hostPod == null || uid != null && !uid.isEmpty() && !uid.equals(hostUid)) {
                send(exchange, 404, status(404, "NotFound", "pod " + pod + " has no copy on the host cluster (not synced yet, or gone)"));
                return;
            }
            if (!open.tryAcquire()) {
                send(exchange, 429, status(429, "TooManyRequests", "the syncer is streaming " + MAX_STREAMS
                        + " logs already; try again when one has ended"));
                return;
            }
            try {
                stream(exchange, hostNamespace, pod, container, query);
            } finally {
                open.release();
            }
        } catch (RuntimeException e) {
            LOG.warn("serving a log failed: {}", e.toString());
            send(exchange, 503, status(503, "ServiceUnavailable", "the syncer could not read the log from the host: " + e.getMessage()));
        }
    }

    private void stream(HttpExchange exchange, String hostNamespace, String pod, String container, Map<String, String> query)
            throws IOException {
        StringBuilder q = new StringBuilder("container=").append(encode(container));
        query.forEach((k, v) -> {
            if (FORWARDED.contains(k)) {
                q.append('&').append(k).append('=').append(encode(v));
            }
        });
        String target = host.client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + encode(hostNamespace)
                + "/pods/" + encode(pod) + "/log?" + q;
        HttpRequest request = host.client.getHttpClient().newHttpRequestBuilder().uri(target).build();
        HttpResponse<InputStream> answer;
        try {
            answer = host.client.getHttpClient().sendAsync(request, InputStream.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        }
        try (InputStream in = answer.body()) {
            String type = answer.header("Content-Type");
            exchange.getResponseHeaders().set("Content-Type", type == null ? "text/plain" : type);
            exchange.sendResponseHeaders(answer.code(), 0);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush(); // a followed log's lines go out as they come
            }
        }
    }

    private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] status(int code, String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return SyncerJson.asJson(status).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A path segment: a '+' there is a plus, not a space. */
    private static String segment(String s) {
        return decode(s.replace("+", "%2B"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        server.stop(0);
        streams.shutdownNow();
    }
}
