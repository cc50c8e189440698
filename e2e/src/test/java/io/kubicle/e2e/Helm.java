package io.kubicle.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real helm 4 binary (fetched by bin/fetch-kube-tools) against a kubeconfig, with its cache,
 * configuration, data and kube discovery cache in {@code home} so that tests never touch $HOME.
 */
final class Helm {
    private final Path kubeconfig;
    private final Map<String, String> env;

    Helm(Path kubeconfig, Path home) {
        this.kubeconfig = kubeconfig;
        this.env = Map.of("HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString(),
                "KUBECACHEDIR", home.resolve("kube-cache").toString());
    }

    static Path binary() {
        Path helm = Path.of(System.getProperty("kubicle.helm", "../.tools/kube/helm"));
        if (!Files.isExecutable(helm)) {
            throw new IllegalStateException("helm not found at " + helm.toAbsolutePath() + "; run bin/fetch-kube-tools");
        }
        return helm;
    }

    /** Runs {@code helm args...} in {@code workDir} (where charts are created and found). */
    Kubectl.Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toAbsolutePath().toString(), "--kubeconfig",
                kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(env);
        ProcessRuns.Output o = ProcessRuns.run(builder, null, 90);
        return new Kubectl.Result(o.exitCode(), o.stdout(), o.stderr());
    }
}
