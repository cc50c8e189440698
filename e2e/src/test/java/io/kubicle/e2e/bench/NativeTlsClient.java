package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A load client closer to what Go clients (kubectl, client-go) cost than java.net.http: BoringSSL (netty-tcnative)
 * for TLS and Vert.x's HTTP/1.1 client, one kept-alive connection per concurrent caller as a Go transport keeps
 * them. Calls block the calling thread, so benchmark workers stay simple loops.
 */
final class NativeTlsClient implements AutoCloseable {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final String prefix;

    /** A client for the kubeconfig's current cluster and user (inline certificate credentials), up to {@code connections}. */
    NativeTlsClient(Path kubeconfig, int connections) throws IOException, java.security.GeneralSecurityException {
        this(kubeconfig, connections, null);
    }

    /** As above, with paths under {@code pathPrefix} (e.g. {@code /clusters/a}) instead of the kubeconfig server's path. */
    NativeTlsClient(Path kubeconfig, int connections, String pathPrefix) throws IOException, java.security.GeneralSecurityException {
        JsonNode root = YAML.readTree(Files.readString(kubeconfig));
        URI server = server(root);
        prefix = pathPrefix != null ? pathPrefix : server.getRawPath() == null ? "" : server.getRawPath().replaceAll("/+$", "");
        client = vertx.createHttpClient(options(root).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    }

    static URI server(JsonNode kubeconfig) {
        return URI.create(kubeconfig.path("clusters").path(0).path("cluster").path("server").asText());
    }

    /** BoringSSL client options for the kubeconfig's first cluster and user (inline CA and client certificate). */
    static HttpClientOptions options(JsonNode kubeconfig) throws IOException, java.security.GeneralSecurityException {
        JsonNode cluster = kubeconfig.path("clusters").path(0).path("cluster");
        JsonNode user = kubeconfig.path("users").path(0).path("user");
        URI server = server(kubeconfig);
        return new HttpClientOptions().setSsl(true).setSslEngineOptions(new OpenSSLEngineOptions())
                .setTrustOptions(new PemTrustOptions().addCertValue(pem(cluster, "certificate-authority-data")))
                // the key as a key manager, not PEM options: Vert.x would put it into a PKCS#12 store (PBKDF2 both ways,
                // ~15 ms per client here), which a fresh client per workspace pays and kubectl does not
                .setKeyCertOptions(KeyCertOptions.wrap(KubeconfigClient.keyManager(
                        pem(user, "client-certificate-data").getBytes(), pem(user, "client-key-data").getBytes())))
                .setDefaultHost(server.getHost()).setDefaultPort(server.getPort());
    }

    static boolean available() {
        return OpenSSLEngineOptions.isAvailable();
    }

    record Response(int statusCode, byte[] body) {
    }

    /** {@code method path} (path from /api or /apis) with an optional JSON body; waits for the whole answer. */
    Response send(HttpMethod method, String path, byte[] json) throws Exception {
        return sendAsync(method, path, json, "application/json").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The same without waiting; {@code contentType} matters for PATCH (e.g. application/merge-patch+json). */
    Future<Response> sendAsync(HttpMethod method, String path, byte[] body, String contentType) {
        RequestOptions request = new RequestOptions().setMethod(method).setURI(prefix + path);
        if (body != null) {
            request.putHeader("Content-Type", contentType);
        }
        return client.request(request).compose(r -> (body == null ? r.send() : r.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> new Response(response.statusCode(), answer.getBytes()))));
    }

    /**
     * Opens a watch ({@code path} with {@code watch=1}) and hands each event to {@code onEvent} on this client's event
     * loop, as client-go's watch decoder does line by line; the returned future completes once the server answered.
     */
    Future<Void> watch(String path, java.util.function.Consumer<JsonNode> onEvent) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(prefix + path)).compose(r -> r.send())
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("watch " + path + " answered " + response.statusCode());
                    }
                    response.handler(io.vertx.core.parsetools.RecordParser.newDelimited("\n", line -> {
                        if (line.length() > 0) {
                            try {
                                onEvent.accept(JSON.readTree(line.getBytes()));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }));
                    return null;
                });
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
