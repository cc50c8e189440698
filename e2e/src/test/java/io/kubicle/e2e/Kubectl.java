package io.kubicle.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real kubectl binary (fetched by bin/fetch-kube-tools) against a kubeconfig. */
final class Kubectl {
    record Result(int exitCode, String stdout, String stderr) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed (" + exitCode + "): " + stderr + stdout);
            }
            return this;
        }
    }

    final Path kubeconfig;
    private final Path cacheDir;

    Kubectl(Path kubeconfig, Path cacheDir) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    static Path binary() {
        Path kubectl = Path.of(System.getProperty("kubicle.kubectl", "../.tools/kube/kubectl"));
        if (!Files.isExecutable(kubectl)) {
            throw new IllegalStateException("kubectl not found at " + kubectl.toAbsolutePath() + "; run bin/fetch-kube-tools");
        }
        return kubectl;
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl with {@code stdin} on its standard input (for "-f -"). */
    Result runWithInput(String stdin, String... args) {
        ProcessRuns.Output o = ProcessRuns.run(new ProcessBuilder(command(args)), stdin, 60);
        return new Result(o.exitCode(), o.stdout(), o.stderr());
    }

    /** The full command line of kubectl with {@code args}, for callers that run it themselves. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString(), "--request-timeout", "30s"));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts kubectl without waiting for it, for commands that must be running before the test acts. */
    BackgroundCommand start(String... args) {
        return BackgroundCommand.start(command(args), java.util.Map.of());
    }
}
