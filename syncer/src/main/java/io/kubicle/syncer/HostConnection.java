package io.kubicle.syncer;

import io.fabric8.kubernetes.client.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;

/**
 * The host cluster's address and credentials from its kubeconfig, for the connections fabric8's client cannot make:
 * streams that switch protocols (exec, attach, port-forward), logs and proxied requests passed through as they come.
 * It takes what a kubeconfig states (CA, client certificate and key, a bearer token, user and password,
 * insecure-skip-tls-verify). A token from an exec plugin or an auth provider (EKS, GKE, OIDC) expires: the header is
 * made per request from the kubeconfig's current token, and when the host answers 401 to a request that can be sent
 * again, the kubeconfig is read again (its plugin runs again, as fabric8 does on a 401) and the request sent once more.
 */
final class HostConnection {
    private final String baseUrl;
    private final HttpClientOptions options;
    private final Config config;

    private HostConnection(String baseUrl, HttpClientOptions options, Config config) {
        this.baseUrl = baseUrl;
        this.options = options;
        this.config = config;
    }

    static HostConnection of(Config config) {
        String url = config.getMasterUrl().replaceAll("/+$", "");
        HttpClientOptions options = new HttpClientOptions().setConnectTimeout(10_000);
        if (url.startsWith("https://")) {
            options.setSsl(true);
            if (config.isTrustCerts()) {
                options.setTrustAll(true).setVerifyHost(false);
            } else {
                String ca = pem(config.getCaCertData(), config.getCaCertFile());
                if (ca != null) {
                    options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca)));
                }
            }
            String cert = pem(config.getClientCertData(), config.getClientCertFile());
            String key = pem(config.getClientKeyData(), config.getClientKeyFile());
            if (cert != null && key != null) {
                options.setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key)));
            }
        }
        return new HostConnection(url, options, config);
    }

    /** The host's API address, without a trailing slash. */
    String baseUrl() {
        return baseUrl;
    }

    HttpClientOptions options() {
        return options;
    }

    /** The Authorization header to send now, or null (a client certificate, or nothing). */
    String authorization() {
        String token = config.getOauthTokenProvider() != null ? config.getOauthTokenProvider().getToken()
                : config.getOauthToken() != null && !config.getOauthToken().isEmpty() ? config.getOauthToken() : config.getAutoOAuthToken();
        if (token != null && !token.isEmpty()) {
            return "Bearer " + token;
        }
        if (config.getUsername() != null && config.getPassword() != null) {
            return "Basic " + Base64.getEncoder().encodeToString((config.getUsername() + ":" + config.getPassword())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /**
     * Sends {@code options} with the current credential, {@code send} writing the request (and its body, if any). If the
     * host answers 401 and the request is {@code replayable} (nothing of it was consumed: no body), the kubeconfig is
     * read again on a worker thread and, if that gave a new credential, the request goes once more.
     */
    Future<HttpClientResponse> exchange(Vertx vertx, HttpClient client, RequestOptions options, boolean replayable,
                                        Function<HttpClientRequest, Future<HttpClientResponse>> send) {
        String before = authorization();
        return attempt(client, options, before, send).compose(answer -> {
            if (answer.statusCode() != 401 || !replayable) {
                return Future.succeededFuture(answer);
            }
            return answer.body().otherwiseEmpty().compose(drained -> vertx.executeBlocking(this::refresh)).compose(after ->
                    after != null && !after.equals(before) ? attempt(client, options, after, send) : Future.succeededFuture(answer));
        });
    }

    private static Future<HttpClientResponse> attempt(HttpClient client, RequestOptions options, String authorization,
                                                      Function<HttpClientRequest, Future<HttpClientResponse>> send) {
        RequestOptions sent = new RequestOptions(options);
        if (authorization != null) {
            sent.putHeader("Authorization", authorization);
        }
        return client.request(sent).compose(request -> send.apply(request).recover(e -> {
            request.reset();
            return Future.failedFuture(e);
        }));
    }

    /** Reads the kubeconfig file again (an exec plugin runs again) and keeps its token; returns the new header (blocks). */
    synchronized String refresh() {
        Config fresh = config.refresh();
        if (fresh != config && fresh.getAutoOAuthToken() != null && !fresh.getAutoOAuthToken().isEmpty()) {
            config.setAutoOAuthToken(fresh.getAutoOAuthToken());
        }
        return authorization();
    }

    /** A kubeconfig's inline data (base64 of PEM) or file; null when it has neither. */
    static String pem(String data, String file) {
        if (data != null && !data.isEmpty()) {
            return new String(Base64.getDecoder().decode(data.strip()), StandardCharsets.UTF_8);
        }
        if (file != null && !file.isEmpty()) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ", named in a kubeconfig: " + e.getMessage());
            }
        }
        return null;
    }
}
