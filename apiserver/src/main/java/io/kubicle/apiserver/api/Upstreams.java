package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Statuses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.X509TrustManager;

/**
 * Carries a pod's containers between the client and where the pod runs, as kube-apiserver carries them to a kubelet:
 * a log as {@code text/plain}, chunk by chunk (so {@code kubectl logs -f} sees lines as they come); exec, attach and
 * port-forward as an upgraded connection (WebSocket or SPDY, whichever the two ends agree on), passed through byte for
 * byte once the far end has switched protocols. The upstream connection is dropped when the client goes. The server
 * authenticates with its operator client certificate. A kubelet's serving certificate is not checked
 * (kube-apiserver's default without {@code --kubelet-certificate-authority}); a syncer's is pinned by the SHA-256 the
 * syncer recorded.
 */
public final class Upstreams {
    /**
     * Where to ask: the URL, the pinned certificate's SHA-256 (null: not checked), who answers there, and whether the
     * server shows its operator client certificate (to a kubelet or a syncer; never to a pod).
     */
    public record Target(String url, String certificateSha256, String who, boolean asOperator) {
        public Target(String url, String certificateSha256, String who) {
            this(url, certificateSha256, who, true);
        }
    }

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Vertx vertx;
    private final PemKeyCertOptions clientCertificate;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public Upstreams(Vertx vertx, String clientCertificatePem, String clientKeyPem) {
        this.vertx = vertx;
        this.clientCertificate = new PemKeyCertOptions().setCertValue(Buffer.buffer(clientCertificatePem))
                .setKeyValue(Buffer.buffer(clientKeyPem));
    }

    /** The answer for a pod that runs nowhere yet: no lines. */
    void empty(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end();
    }

    /** The request headers an upgrade needs at the far end: the protocols offered and their handshake. */
    private static final java.util.List<String> UPGRADE_HEADERS = java.util.List.of("Connection", "Upgrade", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "X-Stream-Protocol-Version");

    /**
     * Opens the upgraded connection at {@code target} with the client's handshake; once the far end switches
     * protocols, answers the client with its 101 and passes bytes both ways until either side closes, then runs
     * {@code ended}.
     */
    Future<Void> tunnel(RoutingContext ctx, Target target, String what, Runnable ended) {
        io.vertx.core.http.HttpServerRequest in = ctx.request();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setAbsoluteURI(target.url());
        for (String name : UPGRADE_HEADERS) {
            for (String value : in.headers().getAll(name)) {
                options.addHeader(name, value);
            }
        }
        return open(target, options, true, what)
                .compose(upstream -> upstream.statusCode() != 101 ? refused(upstream, target, what) : join(ctx, upstream, ended));
    }

    /** Answers the client with the far end's 101 and passes bytes both ways until either side closes, then runs {@code ended}. */
    static Future<Void> join(RoutingContext ctx, HttpClientResponse upstream, Runnable ended) {
        io.vertx.core.http.HttpServerRequest in = ctx.request();
        HttpServerResponse out = in.response();
        out.setStatusCode(101);
        upstream.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
        io.vertx.core.net.NetSocket far = upstream.netSocket();
        return in.toNetSocket().onFailure(e -> far.close()).map(near -> {
            near.pipeTo(far);
            far.pipeTo(near);
            near.closeHandler(v -> {
                far.close();
                ended.run();
            });
            far.closeHandler(v -> {
                near.close();
                ended.run();
            });
            return null;
        });
    }

    Future<Void> stream(RoutingContext ctx, Target target, String what) {
        return stream(ctx, target, what, "text/plain");
    }

    /** A JSON answer of the far end, passed on as it comes. */
    Future<Void> json(RoutingContext ctx, Target target, String what) {
        return stream(ctx, target, what, "application/json");
    }

    private Future<Void> stream(RoutingContext ctx, Target target, String what, String contentType) {
        HttpServerResponse out = ctx.response();
        return open(target, new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target.url()), false, what)
                .compose(upstream -> {
                    if (upstream.statusCode() != 200) {
                        return refused(upstream, target, what);
                    }
                    out.setStatusCode(200).putHeader("Content-Type", contentType).setChunked(true);
                    out.closeHandler(v -> upstream.request().reset());
                    return upstream.pipeTo(out).recover(e -> {
                        upstream.request().reset();
                        return Future.succeededFuture();
                    });
                });
    }

    /** Sends the request (an upgrade handshake when {@code upgrade}); a far end that cannot be reached is a 503 naming it. */
    private Future<HttpClientResponse> open(Target target, RequestOptions options, boolean upgrade, String what) {
        return exchange(target, options, what, request -> upgrade ? request.connect() : request.send());
    }

    /** Opens a request at {@code target} and lets {@code send} send it; failing to reach the far end is a 503 naming it. */
    Future<HttpClientResponse> exchange(Target target, RequestOptions options, String what,
                                        java.util.function.Function<HttpClientRequest, Future<HttpClientResponse>> send) {
        return client(target).request(options)
                .compose(request -> send.apply(request).recover(e -> {
                    request.reset();
                    return Future.failedFuture(e);
                }))
                .recover(e -> Future.failedFuture(e instanceof io.kubicle.apiserver.ApiError ? e
                        : Statuses.serviceUnavailable("cannot reach " + target.who() + " for " + what + ": " + e.getMessage())));
    }

    /** An upstream error answer as a Status: a Status it sent keeps its code and message, text becomes the message. */
    private static Future<Void> refused(HttpClientResponse upstream, Target target, String what) {
        int code = upstream.statusCode();
        return upstream.body().recover(e -> Future.succeededFuture(Buffer.buffer()))
                .compose(body -> {
                    String text = body.length() > MAX_ERROR_BODY ? body.getString(0, MAX_ERROR_BODY) : body.toString();
                    String message = text.strip();
                    try {
                        JsonNode status = Json.MAPPER.readTree(text);
                        if (status != null && "Status".equals(status.path("kind").asText()) && status.hasNonNull("message")) {
                            message = status.path("message").asText();
                        }
                    } catch (java.io.IOException | RuntimeException notJson) {
                        // a kubelet answers errors as plain text
                    }
                    if (message.isEmpty()) {
                        message = target.who() + " answered " + code + " for " + what;
                    }
                    return Future.failedFuture(Statuses.upstream(code, message));
                });
    }

    private HttpClient client(Target target) {
        String pinned = target.certificateSha256() == null ? "" : target.certificateSha256();
        return clients.computeIfAbsent((target.asOperator() ? "operator:" : "anonymous:") + pinned, k -> {
            HttpClientOptions options = new HttpClientOptions().setSsl(true).setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setVerifyHost(false);
            if (target.asOperator()) {
                options.setKeyCertOptions(clientCertificate);
            }
            if (pinned.isEmpty()) {
                options.setTrustAll(true);
            } else {
                options.setTrustOptions(TrustOptions.wrap(new PinnedCertificate(pinned)));
            }
            return vertx.createHttpClient(options);
        });
    }

    /** Trusts exactly one certificate, named by the SHA-256 of its DER encoding. */
    static final class PinnedCertificate implements X509TrustManager {
        private final String sha256;

        PinnedCertificate(String sha256) {
            this.sha256 = sha256.toLowerCase(java.util.Locale.ROOT).replace(":", "");
        }

        static String sha256(X509Certificate certificate) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !sha256.equals(sha256(chain[0]))) {
                throw new CertificateException("the certificate is not the one the syncer recorded (SHA-256 " + sha256 + ")");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
