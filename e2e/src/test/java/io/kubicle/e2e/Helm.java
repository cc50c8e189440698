package io.kubicle.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("helm " + String.join(" ", args) + " hung for 90 s");
            }
            return new Kubectl.Result(p.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
