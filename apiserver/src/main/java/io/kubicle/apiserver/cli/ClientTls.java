package io.kubicle.apiserver.cli;

import io.kubicle.certs.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The TLS side of a kubeconfig: whom to trust and which client certificate to present. */
final class ClientTls {
    private static final char[] IN_MEMORY = new char[0];

    private ClientTls() {
    }

    static SSLContext context(ClusterAccess access) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(access), trustManagers(access), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new CliFailure("cannot set up TLS from the kubeconfig: " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(ClusterAccess access) throws GeneralSecurityException {
        if (access.clientCertPem() == null) {
            return null;
        }
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.decodeCertificates(access.clientCertPem());
            key = Pem.decodePrivateKey(access.clientKeyPem());
        } catch (IllegalArgumentException e) {
            throw new CliFailure("the kubeconfig's client certificate or key is unusable: " + e.getMessage());
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(ClusterAccess access) throws GeneralSecurityException {
        if (access.insecure()) {
            return new TrustManager[] {new TrustEverything()};
        }
        if (access.caPem() == null) {
            return null; // the JDK's default trust store, for servers with publicly trusted certificates
        }
        List<X509Certificate> authorities;
        try {
            authorities = Pem.decodeCertificates(access.caPem());
        } catch (IllegalArgumentException e) {
            throw new CliFailure("the kubeconfig's certificate authority is unusable: " + e.getMessage());
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /** insecure-skip-tls-verify: the user asked for no server verification, as kubectl allows. */
    private static final class TrustEverything implements X509TrustManager {
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
}
