package io.kubicle.certs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Renders kubeconfig files for kubectl and client-go. Hand-written YAML keeps this module free of
 * a YAML library: the structure is fixed and every value is emitted as a double-quoted scalar with
 * escaping, so no cluster name, URL or token can break or inject structure.
 */
public final class Kubeconfig {
    private Kubeconfig() {
    }

    /** A complete kubeconfig whose single context, named after the cluster, is current. */
    public static String render(KubeconfigSpec spec) {
        Objects.requireNonNull(spec, "spec");
        StringBuilder yaml = new StringBuilder(4096);
        yaml.append("apiVersion: v1\n");
        yaml.append("kind: Config\n");
        yaml.append("clusters:\n");
        yaml.append("- name: ").append(quote(spec.clusterName())).append('\n');
        yaml.append("  cluster:\n");
        yaml.append("    server: ").append(quote(spec.serverUrl())).append('\n');
        if (spec.certificateAuthorityPem() != null) {
            yaml.append("    certificate-authority-data: ").append(base64(spec.certificateAuthorityPem())).append('\n');
        }
        yaml.append("users:\n");
        yaml.append("- name: ").append(quote(spec.userName())).append('\n');
        boolean anonymous = spec.clientCertificatePem() == null && spec.token() == null;
        yaml.append(anonymous ? "  user: {}\n" : "  user:\n");
        if (spec.clientCertificatePem() != null) {
            yaml.append("    client-certificate-data: ").append(base64(spec.clientCertificatePem())).append('\n');
            yaml.append("    client-key-data: ").append(base64(spec.clientKeyPem())).append('\n');
        }
        if (spec.token() != null) {
            yaml.append("    token: ").append(quote(spec.token())).append('\n');
        }
        yaml.append("contexts:\n");
        yaml.append("- name: ").append(quote(spec.clusterName())).append('\n');
        yaml.append("  context:\n");
        yaml.append("    cluster: ").append(quote(spec.clusterName())).append('\n');
        yaml.append("    user: ").append(quote(spec.userName())).append('\n');
        yaml.append("current-context: ").append(quote(spec.clusterName())).append('\n');
        yaml.append("preferences: {}\n");
        return yaml.toString();
    }

    /** Standard base64 of the UTF-8 text, quoted; the alphabet needs no escaping. */
    private static String base64(String text) {
        return '"' + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + '"';
    }

    /** A YAML double-quoted scalar: escapes backslash, quote and every control or line-break character. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
