package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeconfigTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));
    private static final IssuedCertificate ADMIN =
            CA.issue(CertificateRequest.client("kubicle-admin", List.of("system:masters"), Duration.ofDays(1)));

    @Test
    void rendersClientCertificateKubeconfigWithBase64PemAndCurrentContext() {
        String yaml = Kubeconfig.render(KubeconfigSpec.forClientCertificate(
                "kubicle", "https://127.0.0.1:6443", CA.certificatePem(), "kubicle-admin", ADMIN));
        List<String> lines = yaml.lines().toList();

        assertEquals("apiVersion: v1", lines.get(0));
        assertEquals("kind: Config", lines.get(1));
        assertEquals(CA.certificatePem(), decoded(value(lines, "    certificate-authority-data")));
        assertEquals(ADMIN.certificatePem(), decoded(value(lines, "    client-certificate-data")));
        assertEquals(ADMIN.privateKeyPem(), decoded(value(lines, "    client-key-data")));
        assertEquals("https://127.0.0.1:6443", value(lines, "    server"));
        assertEquals("kubicle", value(lines, "current-context"));
        assertEquals(List.of("kubicle", "kubicle-admin", "kubicle"), values(lines, "- name"));
        assertEquals("kubicle", value(lines, "    cluster"));
        assertEquals("kubicle-admin", value(lines, "    user"));
        assertTrue(values(lines, "    token").isEmpty());
        // The embedded credentials are usable: the CA still authenticates the decoded certificate.
        assertTrue(CA.authenticate(Pem.decodeCertificate(decoded(value(lines, "    client-certificate-data"))),
                Instant.now()).isPresent());
    }

    @Test
    void rendersTokenKubeconfig() {
        String yaml = Kubeconfig.render(KubeconfigSpec.forToken(
                "dev", "https://kubicle.example.com:6443", CA.certificatePem(), "alice", "abc.def-123"));
        List<String> lines = yaml.lines().toList();

        assertEquals("abc.def-123", value(lines, "    token"));
        assertTrue(values(lines, "    client-certificate-data").isEmpty());
        assertEquals("dev", value(lines, "current-context"));
    }

    @Test
    void quotesNamesSoTheyCannotBreakTheStructure() {
        String name = "evil\"\\\nkind: Secret #";
        String yaml = Kubeconfig.render(new KubeconfigSpec(
                name, "https://h:1", null, "user: x", null, null, null));
        List<String> lines = yaml.lines().toList();

        assertEquals(name, value(lines, "current-context"));
        assertEquals("user: x", value(lines, "    user"));
        assertFalse(lines.contains("kind: Secret #\""), yaml);
        assertEquals(1, lines.stream().filter(line -> line.startsWith("kind:")).count(), yaml);
        assertTrue(values(lines, "    certificate-authority-data").isEmpty());
        assertTrue(lines.contains("  user: {}"), yaml);
    }

    @Test
    void specRejectsCertificateWithoutKeyAndHidesSecretsInToString() {
        assertThrows(IllegalArgumentException.class, () -> new KubeconfigSpec(
                "c", "https://h:1", null, "u", ADMIN.certificatePem(), null, null));
        KubeconfigSpec spec = KubeconfigSpec.forToken("c", "https://h:1", null, "u", "s3cr3t");
        assertFalse(spec.toString().contains("s3cr3t"));
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String value(List<String> lines, String key) {
        List<String> values = values(lines, key);
        assertEquals(1, values.size(), () -> key + " in " + lines);
        return values.get(0);
    }

    /** Values of {@code key: "..."} lines with exactly this indentation, unquoted. */
    private static List<String> values(List<String> lines, String key) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(key + ": \"") && line.endsWith("\"")) {
                values.add(unquote(line.substring(key.length() + 2)));
            }
        }
        return values;
    }

    /** Minimal YAML double-quoted scalar decoding: \", \\ and \\uXXXX escapes. */
    private static String unquote(String quoted) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                assertFalse(c == '"', "unescaped quote in " + quoted);
                text.append(c);
            } else if (quoted.charAt(i + 1) == 'u') {
                text.append((char) Integer.parseInt(quoted.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                text.append(quoted.charAt(++i));
            }
        }
        return text.toString();
    }
}
