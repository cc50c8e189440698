package io.kubicle.apiserver.cli;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the current context of a kubeconfig says about reaching a server: its URL and the credentials,
 * with every PEM already read (inline data decoded, file references loaded).
 *
 * @param server the cluster's server URL as written
 * @param caPem certificate authorities to trust, or null for the JDK's default trust store
 * @param clientCertPem client certificate chain, or null
 * @param clientKeyPem the client certificate's private key, or null
 * @param token bearer token, or null
 * @param insecure insecure-skip-tls-verify
 */
record ClusterAccess(String server, String caPem, String clientCertPem, String clientKeyPem, String token,
                     boolean insecure) {
    private static final Pattern WORKSPACE_SUFFIX = Pattern.compile("^(.*?)/clusters/[^/]+/*$");

    /**
     * The Kubicle server's base URL: the server URL without a {@code /clusters/<workspace>} suffix,
     * since a workspace kubeconfig (the root one included) points into one workspace.
     */
    String baseUrl() {
        String url = server.strip();
        Matcher m = WORKSPACE_SUFFIX.matcher(url);
        if (m.matches()) {
            url = m.group(1);
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("the kubeconfig's server \"" + server + "\" is not a URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new CliFailure("the kubeconfig's server \"" + server + "\" is not an http(s) URL with a host");
        }
        return url;
    }
}
