package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * A tenant's {@code pods/<id>/proxy} or {@code services/<id>/proxy}, for Kubicle: {@code /proxy/<pods|services>/
 * <workspace>/<namespace>/<id>/<path>} goes to the host cluster's proxy of the host copy, with the syncer's host
 * credentials, the client's method, headers and body as they came (but hop-by-hop headers and anything that could pass
 * for an identity). The host copy must be the tenant object's (its {@code kubicle.io/tenant-uid}). The host rewrites
 * redirects and HTML links under its own proxy path, which names the host namespace; this puts them under the path
 * the tenant used instead (Kubicle sends it along).
 */
final class HostProxy {
    static final String OBJECT_UID = "X-Kubicle-Object-Uid";
    static final String PROXY_PREFIX = "X-Kubicle-Proxy-Prefix";
    /** An HTML page is read whole to rewrite its links; larger ones pass as they are. */
    static final int MAX_REWRITTEN_PAGE = 8 * 1024 * 1024;
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "http2-settings", "host", "authorization");
    private static final String[] DROPPED_PREFIXES = {"impersonate-", "x-remote-", "x-kubicle-"};

    private final Vertx vertx;
    private final HostConnection host;
    private final HttpClient hostClient;
    private final HostCluster cluster;
    private final Predicate<String> synced;
    private final Semaphore open;

    HostProxy(Vertx vertx, HostConnection host, HttpClient hostClient, HostCluster cluster, Predicate<String> synced, Semaphore open) {
        this.vertx = vertx;
        this.host = host;
        this.hostClient = hostClient;
        this.cluster = cluster;
        this.synced = synced;
        this.open = open;
    }

    void serve(HttpServerRequest request) {
        request.pause(); // the body waits for the host connection (fail resumes it to drop it)
        String path = request.path();
        String[] parts = path.split("/", 7); // "", proxy, resource, workspace, namespace, id, rest
        String resource = parts.length > 2 ? parts[2] : "";
        if (parts.length < 6 || !(resource.equals("pods") || resource.equals("services"))) {
            ContainerEndpoint.fail(request, 404, "NotFound", "expected /proxy/<pods|services>/<workspace>/<namespace>/<id>/<path>");
            return;
        }
        String workspace = ContainerEndpoint.segment(parts[3]);
        String namespace = ContainerEndpoint.segment(parts[4]);
        String id = ContainerEndpoint.segment(parts[5]);
        String rest = parts.length > 6 ? "/" + parts[6] : "/";
        if (!synced.test(workspace)) {
            ContainerEndpoint.fail(request, 404, "NotFound", "workspace " + workspace + " is not synced by this syncer");
            return;
        }
        if (climbs(rest)) {
            // the host credential can do more than the tenant: no path may step out of the host pod's proxy
            ContainerEndpoint.fail(request, 400, "BadRequest", "the proxy path may not hold . or .. segments");
            return;
        }
        String hostNamespace = HostNames.namespace(workspace, namespace);
        String name = nameOf(id);
        HasMetadata copy = resource.equals("pods") ? cluster.pods.getIndexer().getByKey(hostNamespace + "/" + name)
                : cluster.services.getIndexer().getByKey(hostNamespace + "/" + name);
        String uid = request.getHeader(OBJECT_UID);
        String copyUid = copy == null || copy.getMetadata().getAnnotations() == null ? null
                : copy.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID);
        if (copy == null || uid != null && !uid.isEmpty() && !uid.equals(copyUid)) {
            ContainerEndpoint.fail(request, 404, "NotFound", (resource.equals("pods") ? "pod " : "service ") + name
                    + " has no copy on the host cluster (not synced yet, or gone)");
            return;
        }
        if (!open.tryAcquire()) {
            ContainerEndpoint.busy(request);
            return;
        }
        // ':' stays as it is in the id (scheme:name:port), as the host's proxy takes it
        String proxy = "/api/v1/namespaces/" + ContainerEndpoint.encode(hostNamespace) + "/" + resource + "/"
                + ContainerEndpoint.encode(id).replace("%3A", ":") + "/proxy";
        String target = host.baseUrl() + proxy + rest + (request.query() == null ? "" : "?" + request.query());
        // the host's links and redirects start with its own path to the proxy, the kubeconfig server's path included
        Rewrite rewrite = new Rewrite(URI.create(host.baseUrl()).getRawPath() + proxy, request.getHeader(PROXY_PREFIX));
        forward(request, target, rewrite).onComplete(ar -> open.release());
    }

    private Future<Void> forward(HttpServerRequest request, String target, Rewrite rewrite) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setAbsoluteURI(target);
        request.headers().forEach(h -> {
            if (!dropped(h.getKey())) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        String upgradeTo = request.getHeader("Upgrade");
        boolean upgrade = upgradeTo != null && !upgradeTo.equalsIgnoreCase("h2c") && request.getHeader("Connection") != null
                && request.getHeader("Connection").toLowerCase(Locale.ROOT).contains("upgrade");
        if (upgrade) {
            options.putHeader("Connection", "Upgrade").putHeader("Upgrade", request.getHeader("Upgrade"));
        }
        boolean chunked = request.headers().contains("Transfer-Encoding");
        boolean sized = request.headers().contains("Content-Length");
        return host.exchange(vertx, hostClient, options, upgrade || !(chunked || sized), r -> {
            if (upgrade) {
                return r.connect();
            }
            if (chunked || sized) {
                r.setChunked(chunked);
                return r.send(request);
            }
            request.resume();
            return r.send();
        }).compose(answer -> {
            if (upgrade && answer.statusCode() == 101) {
                return ContainerEndpoint.passThrough(request, answer);
            }
            request.resume(); // no stream (after all): the connection serves the next request
            return answer(request, answer, rewrite);
        }).onFailure(e -> ContainerEndpoint.fail(request, 503, "ServiceUnavailable", // once the answer has begun: a reset
                "the syncer could not reach the host cluster: " + e.getMessage()));
    }

    private static Future<Void> answer(HttpServerRequest request, HttpClientResponse answer, Rewrite rewrite) {
        HttpServerResponse out = request.response().setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            if (!dropped(h.getKey())) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        String location = answer.getHeader("Location");
        if (location != null) {
            out.putHeader("Location", rewrite.apply(location));
        }
        request.connection().closeHandler(v -> answer.request().reset());
        String encoding = answer.getHeader("Content-Encoding");
        String length = answer.getHeader("Content-Length");
        boolean gzip = "gzip".equalsIgnoreCase(encoding) || "x-gzip".equalsIgnoreCase(encoding);
        boolean page = rewrite.active() && isHtml(answer.getHeader("Content-Type"))
                && (encoding == null || encoding.equalsIgnoreCase("identity") || gzip)
                && (length == null || length.length() < 10 && Long.parseLong(length) <= MAX_REWRITTEN_PAGE);
        if (page && !request.method().name().equals("HEAD")) {
            return answer.body().compose(body -> {
                byte[] html = gzip ? gunzip(body.getBytes()) : body.getBytes();
                if (html == null) {
                    return out.end(body); // not gzip after all, or larger than a page: as it came
                }
                // links are ASCII; Latin-1 keeps every other byte as it was, whatever the page's charset
                Buffer rewritten = Buffer.buffer(rewrite.apply(new String(html, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
                out.headers().remove("Content-Encoding");
                out.putHeader("Content-Length", Integer.toString(rewritten.length()));
                return out.end(rewritten);
            });
        }
        if (length == null) {
            out.setChunked(true);
        }
        return answer.pipeTo(out).recover(e -> {
            answer.request().reset();
            return Future.succeededFuture();
        });
    }

    /** The page inside a gzip body, or null when it is not one or unpacks past {@link #MAX_REWRITTEN_PAGE}. */
    static byte[] gunzip(byte[] body) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            byte[] page = in.readNBytes(MAX_REWRITTEN_PAGE + 1);
            return page.length > MAX_REWRITTEN_PAGE ? null : page;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The host's proxy path put back to the tenant's, in a redirect or a page (null tenant path: left as it is). */
    record Rewrite(String hostPrefix, String tenantPrefix) {
        boolean active() {
            return tenantPrefix != null && !tenantPrefix.isEmpty();
        }

        String apply(String text) {
            if (!active()) {
                return text;
            }
            if (text.startsWith("http://") || text.startsWith("https://")) {
                URI uri = URI.create(text);
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                if (path.startsWith(hostPrefix)) {
                    // the host's own address would not reach the tenant's server: a path on the tenant's instead
                    return tenantPrefix + text.substring(text.indexOf(hostPrefix) + hostPrefix.length());
                }
                return text;
            }
            return text.replace(hostPrefix, tenantPrefix);
        }
    }

    static boolean isHtml(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase("text/html");
    }

    static boolean dropped(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        if (DROPPED.contains(name)) {
            return true;
        }
        for (String prefix : DROPPED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a raw path holds a {@code .} or {@code ..} segment, also percent-encoded. */
    static boolean climbs(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The object's name in {@code name}, {@code name:port} or {@code scheme:name:port}. */
    static String nameOf(String id) {
        String[] parts = id.split(":", -1);
        return parts.length == 3 ? parts[1] : parts[0];
    }
}
