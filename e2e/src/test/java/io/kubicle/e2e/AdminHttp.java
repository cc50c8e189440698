package io.kubicle.e2e;

import io.kubicle.certs.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Raw HTTPS as the admin (client certificate from the data directory): for requests kubectl would not send. */
final class AdminHttp {
    private final HttpClient client;
    private final String base;

    AdminHttp(Path dataDir, String workspaceUrl) throws Exception {
        this(Files.readString(dataDir.resolve("pki").resolve("admin.key")),
                Files.readString(dataDir.resolve("pki").resolve("admin.crt")),
                Files.readString(dataDir.resolve("pki").resolve("ca.crt")), workspaceUrl);
    }

    /** Raw HTTPS with the client certificate of a kubeconfig (inline data), sent to {@code url}. */
    static AdminHttp fromKubeconfig(Path kubeconfig, String url) throws Exception {
        return fromKubeconfig(kubeconfig, url, builder -> { });
    }

    /** As {@link #fromKubeconfig(Path, String)}, the HTTP client set up further by {@code tuning} (TLS parameters...). */
    static AdminHttp fromKubeconfig(Path kubeconfig, String url, java.util.function.Consumer<HttpClient.Builder> tuning)
            throws Exception {
        String text = Files.readString(kubeconfig);
        return new AdminHttp(field(text, "client-key-data"), field(text, "client-certificate-data"),
                field(text, "certificate-authority-data"), url, tuning);
    }

    private static String field(String kubeconfig, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + ":\\s*\"?([A-Za-z0-9+/=]+)").matcher(kubeconfig);
        if (!m.find()) {
            throw new IllegalArgumentException("kubeconfig has no " + name);
        }
        return new String(java.util.Base64.getDecoder().decode(m.group(1)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private AdminHttp(String keyPem, String certPem, String caPem, String workspaceUrl) throws Exception {
        this(keyPem, certPem, caPem, workspaceUrl, builder -> { });
    }

    private AdminHttp(String keyPem, String certPem, String caPem, String workspaceUrl,
                      java.util.function.Consumer<HttpClient.Builder> tuning) throws Exception {
        char[] pw = "x".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("admin", Pem.decodePrivateKey(keyPem), pw, new Certificate[] {Pem.decodeCertificate(certPem)});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.decodeCertificate(caPem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10));
        tuning.accept(builder);
        this.client = builder.build();
        this.base = workspaceUrl;
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request whose body has no length given (HTTP/2 frames, or HTTP/1.1 chunks), as a streaming upload sends it. */
    HttpResponse<String> sendStreamed(String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A WebSocket to {@code path} (wss://), as fabric8 opens its watches. */
    java.util.concurrent.CompletableFuture<java.net.http.WebSocket> webSocket(String path,
                                                                            java.net.http.WebSocket.Listener listener) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(base.replaceFirst("^https:", "wss:") + path), listener);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return send(method, path, contentType, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A GET with extra request headers (name, value, name, value...), the body kept as bytes. */
    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The cipher suite the server chose for a GET of {@code path}. */
    String cipherSuite(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        return response.sslSession().orElseThrow(() -> new AssertionError("no TLS session for " + path)).getCipherSuite();
    }
}
