package io.kubicle.syncer;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * fabric8's JDK HTTP client, offering the ChaCha20-Poly1305 cipher suites before the AES-GCM ones.
 *
 * <p>{@code bin/kubicle syncer} runs on C1 only (see the script), and C1 has no AES or GHASH intrinsics: the
 * JDK's AES-GCM then runs as plain Java, a fifth of the syncer's profile samples in a burst. ChaCha20 is built for
 * software and costs a fraction of that there. Putting it first is the standard signal of a client without AES hardware;
 * Go's TLS (kube-apiserver) and BoringSSL (Kubicle) both honour it, and a server that does not offer ChaCha20
 * still finds its AES-GCM suites in the list. A {@code jdk.tls.client.cipherSuites} set by the operator wins.
 */
public final class ChaChaFirstHttpClientFactory extends JdkHttpClientFactory {
    private final String[] protocols;

    public ChaChaFirstHttpClientFactory(Config config) {
        TlsVersion[] versions = config.getTlsVersions();
        this.protocols = versions == null || versions.length == 0 ? null
                : Arrays.stream(versions).map(TlsVersion::javaName).toArray(String[]::new);
    }

    @Override
    protected void additionalConfig(HttpClient.Builder builder) {
        SSLParameters parameters = sslParameters(protocols);
        if (parameters != null) {
            builder.sslParameters(parameters);
        }
    }

    /**
     * The JDK's default client cipher suites, ChaCha20 first, with these protocols (null: the JDK's); null when the
     * operator chose the suites with {@code jdk.tls.client.cipherSuites} or no default TLS context exists.
     */
    public static SSLParameters sslParameters(String[] protocols) {
        if (System.getProperty("jdk.tls.client.cipherSuites") != null) {
            return null;
        }
        try {
            String[] defaults = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
            return new SSLParameters(chaChaFirst(defaults), protocols);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The same suites, the ChaCha20 ones moved ahead, each group in its original order. */
    static String[] chaChaFirst(String[] suites) {
        List<String> ordered = new ArrayList<>(suites.length);
        for (String suite : suites) {
            if (suite.contains("CHACHA20")) {
                ordered.add(suite);
            }
        }
        for (String suite : suites) {
            if (!suite.contains("CHACHA20")) {
                ordered.add(suite);
            }
        }
        return ordered.toArray(String[]::new);
    }
}
