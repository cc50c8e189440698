package io.kubicle.syncer;

import java.net.URI;

/**
 * Where workloads in host pods reach Kubicle ({@code --tenant-api-server}), and the CA that signed its serving
 * certificate. Host pods get it as in-cluster config: {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and a
 * {@code ca.crt} next to their token; Kubicle serves a request without {@code /clusters/<ws>} prefix as the
 * workspace its ServiceAccount token names.
 */
public record TenantApi(String host, int port, String caPem) {
    public TenantApi {
        if (host == null || host.isEmpty() || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("the tenant API address needs a host and a port: " + host + ":" + port);
        }
        if (caPem == null || !caPem.contains("BEGIN CERTIFICATE")) {
            throw new IllegalArgumentException("the tenant API CA must be PEM certificates");
        }
    }

    /** {@code https://HOST:PORT} (a path, such as {@code /clusters/<ws>}, is not allowed: in-cluster clients send none). */
    public static TenantApi parse(String url, String caPem) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tenant-api-server is not a URL: " + url);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--tenant-api-server must be https://HOST[:PORT], got " + url);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("--tenant-api-server must have no path (in-cluster clients send none), got " + url);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new TenantApi(host, uri.getPort() < 0 ? 443 : uri.getPort(), caPem);
    }
}
