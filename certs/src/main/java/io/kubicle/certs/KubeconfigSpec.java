package io.kubicle.certs;

import java.util.Objects;

/**
 * The content of a single-cluster, single-user kubeconfig. Credentials are a client certificate
 * and key pair, a bearer token, or both; PEM values are the PEM text (the kubeconfig renderer does
 * the base64 wrapping kubectl expects).
 *
 * @param clusterName             name of the cluster entry, also used as the context name
 * @param serverUrl               API server URL, such as {@code https://127.0.0.1:6443}
 * @param certificateAuthorityPem CA to trust for the server, or {@code null} to use the system trust store
 * @param userName                name of the user entry
 * @param clientCertificatePem    client certificate, or {@code null}; requires {@code clientKeyPem}
 * @param clientKeyPem            key of the client certificate, or {@code null}
 * @param token                   bearer token, or {@code null}
 */
public record KubeconfigSpec(String clusterName, String serverUrl, String certificateAuthorityPem,
                             String userName, String clientCertificatePem, String clientKeyPem, String token) {

    public KubeconfigSpec {
        requireText(clusterName, "clusterName");
        requireText(serverUrl, "serverUrl");
        requireText(userName, "userName");
        if ((clientCertificatePem == null) != (clientKeyPem == null)) {
            throw new IllegalArgumentException("clientCertificatePem and clientKeyPem must be given together");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank; pass null for no token");
        }
    }

    /** A kubeconfig that authenticates with a client certificate issued by Kubicle's CA. */
    public static KubeconfigSpec forClientCertificate(String clusterName, String serverUrl,
                                                      String certificateAuthorityPem, String userName,
                                                      IssuedCertificate clientCertificate) {
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        return new KubeconfigSpec(clusterName, serverUrl, certificateAuthorityPem, userName,
                clientCertificate.certificatePem(), clientCertificate.privateKeyPem(), null);
    }

    /** A kubeconfig that authenticates with a bearer token. */
    public static KubeconfigSpec forToken(String clusterName, String serverUrl, String certificateAuthorityPem,
                                          String userName, String token) {
        Objects.requireNonNull(token, "token");
        return new KubeconfigSpec(clusterName, serverUrl, certificateAuthorityPem, userName, null, null, token);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        // Never leak the key or token into logs.
        return "KubeconfigSpec[clusterName=" + clusterName + ", serverUrl=" + serverUrl + ", userName=" + userName
                + ", clientCertificate=" + (clientCertificatePem != null) + ", token=" + (token != null) + "]";
    }
}
