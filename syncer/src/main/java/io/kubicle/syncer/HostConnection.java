package io.kubicle.syncer;

import io.fabric8.kubernetes.client.Config;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The host cluster's address and credentials from its kubeconfig, for the connections fabric8's client cannot make:
 * streams that switch protocols (exec, attach, port-forward) and logs passed through as they come. It takes what a
 * kubeconfig states (CA, client certificate and key, a bearer token, user and password, insecure-skip-tls-verify);
 * a token that fabric8 would refresh through an auth provider is read once, at start.
 */
final class HostConnection {
    private final String baseUrl;
    private final HttpClientOptions options;
    private final String authorization;

    private HostConnection(String baseUrl, HttpClientOptions options, String authorization) {
        this.baseUrl = baseUrl;
        this.options = options;
        this.authorization = authorization;
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
        String authorization = null;
        String token = config.getAutoOAuthToken() != null ? config.getAutoOAuthToken() : config.getOauthToken();
        if (token != null && !token.isEmpty()) {
            authorization = "Bearer " + token;
        } else if (config.getUsername() != null && config.getPassword() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((config.getUsername() + ":" + config.getPassword())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return new HostConnection(url, options, authorization);
    }

    /** The host's API address, without a trailing slash. */
    String baseUrl() {
        return baseUrl;
    }

    HttpClientOptions options() {
        return options;
    }

    /** The Authorization header to send, or null (a client certificate, or nothing). */
    String authorization() {
        return authorization;
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
