package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The issued certificates work with a real TLS stack (JSSE): hostname verification of the serving
 * certificate, and mutual TLS with a client certificate that then authenticates.
 */
class TlsHandshakeTest {
    private static final char[] PASSWORD = "unused".toCharArray();
    private static final Duration DAY = Duration.ofDays(1);
    private static final CertificateAuthority CA = CertificateAuthority.create("kubicle-ca", DAY);
    private static final IssuedCertificate SERVING = CA.issue(CertificateRequest.server(
            List.of("localhost", "127.0.0.1", "::1", "kubicle.example.com"), DAY));
    private static final IssuedCertificate ALICE = CA.issue(CertificateRequest.client("alice", List.of("dev"), DAY));
    private static final ExecutorService SERVER_THREAD = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stopServerThread() {
        SERVER_THREAD.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "::1", "kubicle.example.com"})
    void clientVerifiesServingCertificateForEveryHostNameAndServerAuthenticatesClient(String hostName)
            throws Exception {
        X509Certificate peer = handshake(SERVING, hostName, Optional.of(ALICE));

        assertEquals(Optional.of(new ClientIdentity("alice", List.of("dev"))), CA.authenticate(peer, Instant.now()));
    }

    @Test
    void hostnameVerificationRejectsHostNotInTheCertificate() {
        IssuedCertificate elsewhere = CA.issue(CertificateRequest.server(List.of("other.example.com"), DAY));

        assertThrows(SSLHandshakeException.class, () -> handshake(elsewhere, "localhost", Optional.empty()));
    }

    @Test
    void serverRefusesClientCertificateFromAnotherCa() {
        CertificateAuthority other = CertificateAuthority.create("kubicle-ca", DAY);
        IssuedCertificate mallory = other.issue(CertificateRequest.client("mallory", List.of(), DAY));

        assertThrows(IOException.class, () -> handshake(SERVING, "localhost", Optional.of(mallory)));
    }

    /**
     * Runs one TLS exchange over loopback; the server demands a client certificate when the client
     * has one. Returns the client certificate the server saw, or null.
     */
    private static X509Certificate handshake(IssuedCertificate serving, String hostName,
                                             Optional<IssuedCertificate> client) throws Exception {
        SSLContext serverContext = context(Optional.of(serving));
        SSLContext clientContext = context(client);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(client.isPresent());
            server.setSoTimeout(5_000);
            Future<X509Certificate> accepted = SERVER_THREAD.submit(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(5_000);
                    socket.startHandshake();
                    socket.getOutputStream().write(socket.getInputStream().read());
                    Certificate[] peers = client.isPresent() ? socket.getSession().getPeerCertificates() : null;
                    return peers == null ? null : (X509Certificate) peers[0];
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                         .createSocket(plain, hostName, server.getLocalPort(), true)) {
                socket.setSoTimeout(5_000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                socket.getOutputStream().write(42);
                // TLS 1.3 reports a refused client certificate only when the client reads.
                int echoed = socket.getInputStream().read();
                if (echoed != 42) {
                    throw new IOException("server closed the connection (read " + echoed + ")");
                }
            } catch (IOException e) {
                accepted.cancel(true);
                throw e;
            }
            return accepted.get(5, TimeUnit.SECONDS);
        }
    }

    /** JSSE context with an optional key (PKCS12 key store in memory) that trusts only the CA. */
    private static SSLContext context(Optional<IssuedCertificate> identity) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (identity.isPresent()) {
            keys.setKeyEntry("identity", identity.get().privateKey(), PASSWORD,
                    new Certificate[] {identity.get().certificate(), CA.certificate()});
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("kubicle-ca", CA.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
