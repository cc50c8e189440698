package io.kubicle.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code java -jar kubicle.jar ...} as a CI job would, in a child process with a chosen environment. */
final class KubicleCli {
    record Result(int exitCode, String stdout, String stderr) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("kubicle failed (" + exitCode + "): " + stderr + stdout);
            }
            return this;
        }
    }

    private final Map<String, String> env;

    /** @param env the only KUBICLE_ and KUBECONFIG variables the process sees */
    KubicleCli(Map<String, String> env) {
        this.env = env;
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", KubicleProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBICLE_") || k.equals("KUBECONFIG"));
        builder.environment().putAll(env);
        ProcessRuns.Output o = ProcessRuns.run(builder, null, 120);
        return new Result(o.exitCode(), o.stdout(), o.stderr());
    }
}
