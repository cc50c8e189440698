package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.kubicle.syncer.ChaChaFirstHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The syncer's HTTP clients offer ChaCha20-Poly1305 first (it runs on C1, where the JDK's AES-GCM is plain Java);
 * Kubicle's server (BoringSSL) honours that choice, as Go's kube-apiserver does, and still gives AES-GCM to a
 * client that prefers it.
 */
@ExtendWith(SharedKubicle.class)
class SyncerTlsIT {

    @Test
    void theServerHonoursTheSyncersChaChaPreference() throws Exception {
        Path kubeconfig = SharedKubicle.provision("syncer-tls");
        String url = Config.fromKubeconfig(Files.readString(kubeconfig)).getMasterUrl();

        AdminHttp syncerLike = AdminHttp.fromKubeconfig(kubeconfig, url,
                builder -> builder.sslParameters(ChaChaFirstHttpClientFactory.sslParameters(null)));
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", syncerLike.cipherSuite("/api"));

        AdminHttp plainJdk = AdminHttp.fromKubeconfig(kubeconfig, url);
        String suite = plainJdk.cipherSuite("/api");
        assertTrue(suite.startsWith("TLS_AES_") && suite.contains("GCM"), "the JDK's own order gets AES-GCM, got " + suite);
    }
}
