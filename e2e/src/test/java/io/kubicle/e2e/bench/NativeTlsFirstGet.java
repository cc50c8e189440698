package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
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
        JsonNode cluster = root.path("clusters").path(0).path("cluster");
        JsonNode user = root.path("users").path(0).path("user");
        URI server = URI.create(cluster.path("server").asText());
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setSslEngineOptions(new OpenSSLEngineOptions())
                .setTrustOptions(new PemTrustOptions().addCertValue(pem(cluster, "certificate-authority-data")))
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(pem(user, "client-certificate-data"))
                        .setKeyValue(pem(user, "client-key-data")))
                .setDefaultHost(server.getHost()).setDefaultPort(server.getPort());
        HttpClient client = vertx.createHttpClient(options);
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

    private static Buffer pem(JsonNode node, String field) throws IOException {
        if (!node.hasNonNull(field)) {
            throw new IOException("the kubeconfig has no inline " + field);
        }
        return Buffer.buffer(Base64.getMimeDecoder().decode(node.get(field).asText()));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
