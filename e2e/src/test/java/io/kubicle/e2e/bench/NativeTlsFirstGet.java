package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.OpenSSLEngineOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A tenant's first request the way kubectl makes it: a new client from a kubeconfig with inline credentials, a fresh
 * TLS handshake with the client certificate, one GET. The TLS is BoringSSL (netty-tcnative), because kubectl's Go TLS
 * does its P-256 work in assembly: with the JDK's TLS the client's own handshake arithmetic (verifying the server's
 * chain and signature, signing its CertificateVerify) would be a large share of what is measured, which kubectl
 * does not pay.
 */
final class NativeTlsFirstGet implements AutoCloseable {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final Vertx vertx = Vertx.vertx();

    static boolean available() {
        return OpenSSLEngineOptions.isAvailable();
    }

    /** Status code and body of {@code GET path} at the kubeconfig's cluster, on a new client and connection. */
    Response get(String kubeconfig, String path) throws Exception {
        JsonNode root = YAML.readTree(kubeconfig);
        URI server = NativeTlsClient.server(root);
        HttpClient client = vertx.createHttpClient(NativeTlsClient.options(root));
        try {
            return client.request(HttpMethod.GET, server.getRawPath() + path)
                    .compose(request -> request.send().compose(response -> response.body()
                            .map(body -> new Response(response.statusCode(), body.toString()))))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    record Response(int statusCode, String body) {
    }

    @Override
    public void close() {
        vertx.close();
    }
}
