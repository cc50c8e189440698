package io.kubicle.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code /version} answers. The Kubernetes version is the one whose API we serve, so kubectl's
 * version-skew check passes; our own version rides along as semver build metadata.
 */
public final class VersionInfo {
    public static final String KUBERNETES_MAJOR = "1";
    public static final String KUBERNETES_MINOR = "35";
    private static final String KUBICLE_VERSION = loadVersion();

    private VersionInfo() {
    }

    public static String kubicleVersion() {
        return KUBICLE_VERSION;
    }

    public static String gitVersion() {
        return "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0+kubicle." + KUBICLE_VERSION.replaceAll("[^0-9A-Za-z.-]", "-");
    }

    public static String json() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("major", KUBERNETES_MAJOR).put("minor", KUBERNETES_MINOR)
                .put("emulationMajor", KUBERNETES_MAJOR).put("emulationMinor", KUBERNETES_MINOR)
                .put("minCompatibilityMajor", KUBERNETES_MAJOR)
                .put("minCompatibilityMinor", String.valueOf(Integer.parseInt(KUBERNETES_MINOR) - 1))
                .put("gitVersion", gitVersion()).put("gitCommit", "unknown").put("gitTreeState", "clean")
                .put("buildDate", "1970-01-01T00:00:00Z")
                .put("goVersion", "java" + System.getProperty("java.specification.version"))
                .put("compiler", "kubicle")
                .put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return node.toPrettyString();
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static String loadVersion() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("/kubicle-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
