package io.kubicle.apiserver.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubicle ws kubeconfig NAME}: a fresh admin kubeconfig for an existing workspace. */
@Command(name = "kubeconfig",
        description = "Print an admin kubeconfig for a workspace (or write it to --output).")
final class WsKubeconfigCommand extends WsSubcommand {
    @Parameters(paramLabel = "NAME", description = "Workspace name.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the kubeconfig to FILE (mode 0600) instead of stdout.")
    Path output;

    @Override
    int execute() {
        String kubeconfig = client().kubeconfig(name);
        if (output != null) {
            PrivateFile.write(output, kubeconfig);
            err().println("kubeconfig of workspace \"" + name + "\" written to " + output);
        } else {
            out().print(kubeconfig);
        }
        return 0;
    }
}
