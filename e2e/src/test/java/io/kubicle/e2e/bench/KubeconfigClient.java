package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Builds {@link HttpClient}s from any kubeconfig: the current context (or a named one) gives the cluster
 * (server URL, CA as {@code certificate-authority-data} or a file, {@code insecure-skip-tls-verify}) and the user
 * (client certificate and key as data or files, a bearer token or token file, or an exec credential plugin that
 * returns either). Keys may be PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1 ({@code RSA PRIVATE KEY},
 * {@code EC PRIVATE KEY}); encrypted keys and auth-provider plugins are not supported.
 */
final class KubeconfigClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final String defaultNamespace;
    private final SSLContext sslContext;
    private final String bearerToken;

    private KubeconfigClient(String server, String defaultNamespace, SSLContext sslContext, String bearerToken) {
        this.server = server;
        this.defaultNamespace = defaultNamespace;
        this.sslContext = sslContext;
        this.bearerToken = bearerToken;
    }

    static KubeconfigClient load(Path kubeconfig, String contextName) throws IOException, GeneralSecurityException {
        JsonNode root = new YAMLMapper().readTree(kubeconfig.toFile());
        if (root == null || root.isMissingNode()) {
            throw new IOException(kubeconfig + " is empty");
        }
        Path dir = kubeconfig.toAbsolutePath().getParent();
        String ctxName = contextName != null ? contextName : root.path("current-context").asText("");
        if (ctxName.isEmpty()) {
            throw new IOException(kubeconfig + " has no current-context");
        }
        JsonNode context = named(root, "contexts", ctxName, kubeconfig).path("context");
        JsonNode cluster = named(root, "clusters", context.path("cluster").asText(), kubeconfig).path("cluster");
        String userName = context.path("user").asText("");
        JsonNode user = userName.isEmpty() ? JSON.createObjectNode() : named(root, "users", userName, kubeconfig).path("user");

        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw new IOException("cluster " + context.path("cluster").asText() + " in " + kubeconfig + " has no server");
        }
        while (server.endsWith("/")) {
            server = server.substring(0, server.length() - 1);
        }

        TrustManager[] trust;
        if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
            // Must be set before the first HttpClient is built; it only affects clients of this JVM.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            trust = new TrustManager[] {new TrustAll()};
        } else {
            byte[] ca = bytes(cluster, "certificate-authority-data", "certificate-authority", dir);
            trust = ca == null ? null : trustManagers(ca);
        }

        KeyManager[] keys = null;
        String token = null;
        byte[] cert = bytes(user, "client-certificate-data", "client-certificate", dir);
        byte[] key = bytes(user, "client-key-data", "client-key", dir);
        if (user.hasNonNull("token")) {
            token = user.get("token").asText();
        } else if (user.hasNonNull("tokenFile")) {
            token = Files.readString(resolve(dir, user.get("tokenFile").asText())).trim();
        }
        if (user.has("exec") && cert == null && token == null) {
            JsonNode status = exec(user.get("exec"), server, dir);
            token = status.hasNonNull("token") ? status.get("token").asText() : null;
            if (status.hasNonNull("clientCertificateData")) {
                cert = status.get("clientCertificateData").asText().getBytes(StandardCharsets.UTF_8);
                key = status.path("clientKeyData").asText("").getBytes(StandardCharsets.UTF_8);
            }
        }
        if (user.has("auth-provider")) {
            throw new IOException("user " + userName + " uses an auth-provider plugin, which this client does not support");
        }
        if (cert != null) {
            if (key == null) {
                throw new IOException("user " + userName + " has a client certificate but no client key");
            }
            keys = keyManagers(cert, key);
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys, trust, new SecureRandom());
        String namespace = context.path("namespace").asText("");
        return new KubeconfigClient(server, namespace.isEmpty() ? "default" : namespace, ssl, token);
    }

    /** The cluster's URL without a trailing slash, e.g. https://127.0.0.1:6443/clusters/root. */
    String server() {
        return server;
    }

    String defaultNamespace() {
        return defaultNamespace;
    }

    /** A new client with its own connection pool (HTTP/2 when the server offers it, else HTTP/1.1). */
    HttpClient newHttpClient() {
        return HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A request for {@code path} (starting with /api or /apis) on the cluster, with the credential applied. */
    HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(timeout);
        if (bearerToken != null) {
            b.header("Authorization", "Bearer " + bearerToken);
        }
        return b;
    }

    private static JsonNode named(JsonNode root, String list, String name, Path kubeconfig) throws IOException {
        for (JsonNode entry : root.path(list)) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new IOException("no " + list + " entry named '" + name + "' in " + kubeconfig);
    }

    private static Path resolve(Path dir, String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    private static byte[] bytes(JsonNode node, String dataField, String fileField, Path dir) throws IOException {
        if (node.hasNonNull(dataField)) {
            return Base64.getMimeDecoder().decode(node.get(dataField).asText());
        }
        if (node.hasNonNull(fileField)) {
            return Files.readAllBytes(resolve(dir, node.get(fileField).asText()));
        }
        return null;
    }

    private static TrustManager[] trustManagers(byte[] caPem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caPem)) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("the kubeconfig's certificate authority holds no certificate");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    /**
     * The client certificate and key as a key manager, without a KeyStore: a PKCS#12 store encrypts the key on
     * insertion and decrypts it again in KeyManagerFactory.init (PBKDF2, 10,000 rounds each way), which cost this
     * benchmark more per workspace than the whole TLS handshake. kubectl does no such thing.
     */
    private static KeyManager[] keyManagers(byte[] certPem, byte[] keyPem) throws GeneralSecurityException, IOException {
        return new KeyManager[] {keyManager(certPem, keyPem)};
    }

    /** The client certificate (PEM chain) and its key (PEM) as a key manager that always presents them. */
    static X509ExtendedKeyManager keyManager(byte[] certPem, byte[] keyPem) throws GeneralSecurityException, IOException {
        X509Certificate[] chain = certificates(certPem).stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        if (chain.length == 0) {
            throw new GeneralSecurityException("the kubeconfig's client certificate data holds no certificate");
        }
        return new FixedKeyManager(privateKey(keyPem), chain);
    }

    private static Collection<? extends Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    }

    /** PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY", EC or RSA (BouncyCastle parses the PEM). */
    static PrivateKey privateKey(byte[] pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo) {
                    return converter.getPrivateKey((PrivateKeyInfo) o);
                }
                if (o instanceof PEMKeyPair) {
                    return converter.getKeyPair((PEMKeyPair) o).getPrivate();
                }
            }
        }
        throw new IOException("no unencrypted private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY) in the client key data");
    }

    /** Runs a client-go exec credential plugin and returns its ExecCredential status. */
    private static JsonNode exec(JsonNode exec, String server, Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(exec.path("command").asText());
        exec.path("args").forEach(a -> command.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Map<String, String> env = pb.environment();
        exec.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        String apiVersion = exec.path("apiVersion").asText("client.authentication.k8s.io/v1");
        env.put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false,"
                + "\"cluster\":{\"server\":\"" + server + "\"}}}");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("exec credential plugin " + command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return JSON.readTree(out).path("status");
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Always presents the one client certificate, whatever the server asks for (as kubectl does). */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
