package io.kubicle.apiserver.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * One request passed on to a pod or service and its answer passed back, as kube-apiserver's proxy does it: method,
 * headers and body go on as they came, streamed, except the hop-by-hop headers and the client's credentials
 * (Authorization, impersonation), which end at this server; the answer comes back whatever its code. A request that
 * asks to switch protocols (a WebSocket to the pod) is carried as an upgraded connection. Where this server dials the
 * pod itself, a redirect into the pod's own address space is rewritten under the proxy path, as kube rewrites it.
 */
final class HttpForwarding {
    /** Hop-by-hop headers (RFC 9110, 7.6.1), the client's Host, and credentials meant for this server only. */
    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "http2-settings", "host", "authorization");
    /** Identity headers a far end might believe: impersonation, front-proxy identity, and Kubicle's own to the syncer. */
    private static final String[] DROPPED_PREFIXES = {"impersonate-", "x-remote-", "x-kubicle-"};

    private final Upstreams upstreams;

    HttpForwarding(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    /**
     * Forwards the request to {@code target} with {@code extra} headers added. {@code rewriteUnder}: the proxy path a
     * redirect of the far end's is rewritten under (null: none, the far end has done it). {@code ended} runs when an
     * upgraded connection closes.
     */
    Future<Void> forward(RoutingContext ctx, Upstreams.Target target, MultiMap extra, String rewriteUnder, String what,
                         Runnable ended) {
        HttpServerRequest in = ctx.request();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setAbsoluteURI(target.url())
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        copy(in.headers(), options.getHeaders());
        options.getHeaders().addAll(extra);
        if (wantsUpgrade(in)) {
            // the far end's answer other than 101 goes back as it came, as kube's proxy passes it
            options.putHeader("Connection", "Upgrade").putHeader("Upgrade", in.getHeader("Upgrade"));
            return upstreams.exchange(target, options, what, HttpClientRequest::connect).compose(answer -> answer.statusCode() == 101
                    ? Upstreams.join(ctx, answer, ended) : answer(ctx, answer, target, rewriteUnder));
        }
        boolean sized = in.headers().contains("Content-Length");
        boolean chunked = in.headers().contains("Transfer-Encoding"); // this server speaks HTTP/1.1 only
        return upstreams.exchange(target, options, what, request -> {
            if (chunked) {
                request.setChunked(true);
            }
            if (chunked || sized) {
                return request.send(in);
            }
            in.resume(); // no body: the request is read to its end
            return request.send();
        }).compose(answer -> answer(ctx, answer, target, rewriteUnder));
    }

    private static Future<Void> answer(RoutingContext ctx, HttpClientResponse answer, Upstreams.Target target, String rewriteUnder) {
        HttpServerResponse out = ctx.response().setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            out.setStatusMessage(answer.statusMessage());
        }
        copy(answer.headers(), out.headers());
        String location = answer.getHeader("Location");
        if (location != null && rewriteUnder != null) {
            out.putHeader("Location", rewriteLocation(location, rewriteUnder, URI.create(target.url()).getRawAuthority(),
                    ctx.request().authority() == null ? null : ctx.request().authority().toString()));
        }
        if (!answer.headers().contains("Content-Length")) {
            out.setChunked(true);
        }
        out.closeHandler(v -> answer.request().reset());
        return answer.pipeTo(out).recover(e -> {
            answer.request().reset();
            return Future.succeededFuture();
        });
    }

    /** A protocol switch for the far end: not h2c, which is this hop's own offer of HTTP/2 (the far end must not take it up). */
    static boolean wantsUpgrade(HttpServerRequest in) {
        String connection = in.getHeader("Connection");
        String upgrade = in.getHeader("Upgrade");
        return upgrade != null && !upgrade.equalsIgnoreCase("h2c") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!dropped(h.getKey())) {
                to.add(h.getKey(), h.getValue());
            }
        });
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

    /**
     * kube's rewrite of a redirect: one that stays on the far end (a path, or its own or this server's address) is put
     * under the proxy path {@code prefix}, unless it is there already; one to another host, or a relative one, is left.
     */
    static String rewriteLocation(String location, String prefix, String targetAuthority, String requestAuthority) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (java.net.URISyntaxException e) {
            return location;
        }
        String authority = uri.getRawAuthority();
        boolean elsewhere = authority != null && !authority.equals(targetAuthority) && !authority.equals(requestAuthority);
        String path = uri.getRawPath();
        if (elsewhere || path == null || !path.startsWith("/")) {
            return location;
        }
        String under = path.startsWith(prefix + "/") || path.equals(prefix) ? path : prefix + path;
        String origin = authority != null && authority.equals(requestAuthority) ? uri.getScheme() + "://" + authority : "";
        return origin + under + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }
}
