package io.kubicle.apiserver.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which kubeconfig the CLI uses: the flag, then {@code $KUBICLE_KUBECONFIG}, then the first entry of
 * {@code $KUBECONFIG} (a path list, as kubectl reads it), then the admin kubeconfig that
 * {@code kubicle server} writes into its default data directory.
 */
final class KubeconfigLocation {
    static final Path SERVER_DEFAULT = Path.of("data", "admin.kubeconfig");

    private KubeconfigLocation() {
    }

    static Path resolve(Path flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String kubicle = env.get("KUBICLE_KUBECONFIG");
        if (kubicle != null && !kubicle.isBlank()) {
            return Path.of(kubicle.strip());
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null) {
            for (String entry : kubeconfig.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    return Path.of(entry.strip());
                }
            }
        }
        return SERVER_DEFAULT;
    }
}
