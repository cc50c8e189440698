package io.kubicle.apiserver.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kubicle ws}: workspaces for CI pipelines and operators, through the root workspace's API. Not
 * runnable by itself, so picocli answers a bare {@code kubicle ws} with a usage error.
 */
@Command(name = "ws", aliases = "workspace",
        description = "Create, inspect and delete workspaces (uses the root workspace's API).",
        subcommands = {WsCreateCommand.class, WsGetCommand.class, WsListCommand.class, WsDeleteCommand.class,
                WsKubeconfigCommand.class})
public final class WsCommand {

    @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Operator kubeconfig (default: $KUBICLE_KUBECONFIG, else the first entry of $KUBECONFIG, else data/admin.kubeconfig).")
    Path kubeconfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    final Map<String, String> env;
    final Clock clock;

    public WsCommand() {
        this(System.getenv(), Clock.systemUTC());
    }

    WsCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    Path kubeconfigPath() {
        return KubeconfigLocation.resolve(kubeconfig, env);
    }
}
