package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.http.TlsVersion;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ChaChaFirstHttpClientFactoryTest {

    @Test
    void movesTheChaChaSuitesAheadAndKeepsEveryOtherInItsOrder() {
        String[] suites = {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
        assertArrayEquals(new String[] {"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, ChaChaFirstHttpClientFactory.chaChaFirst(suites));
    }

    @Test
    void theClientItConfiguresOffersChaChaFirstWithTheConfiguredProtocolsAndNoSuiteLost() throws Exception {
        var factory = new ChaChaFirstHttpClientFactory(new ConfigBuilder().withMasterUrl("https://example.invalid")
                .withTlsVersions(TlsVersion.TLS_1_3).build());
        HttpClient.Builder builder = HttpClient.newBuilder();
        factory.additionalConfig(builder);
        HttpClient client = builder.build();

        String[] offered = client.sslParameters().getCipherSuites();
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", offered[0]);
        assertEquals(Set.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()), Set.of(offered));
        assertArrayEquals(new String[] {"TLSv1.3"}, client.sslParameters().getProtocols());
        assertTrue(Arrays.asList(offered).contains("TLS_AES_128_GCM_SHA256"), "a server without ChaCha20 still finds AES-GCM");
    }
}
