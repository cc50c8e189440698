package io.kubicle.apiserver.cli;

import io.kubicle.apiserver.Durations;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubicle ws delete NAME...}: deletes workspaces with everything in them. */
@Command(name = "delete", description = "Delete workspaces and everything in them.")
final class WsDeleteCommand extends WsSubcommand {
    private static final long POLL_MS = 100;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Workspace names.")
    List<String> names;

    @Option(names = "--wait", description = "Return only once the workspace is gone (GET answers 404).")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long --wait waits (default ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    int execute() {
        Duration limit;
        try {
            limit = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw usage("--timeout: " + e.getMessage());
        }
        WorkspaceClient client = client();
        for (String name : names) {
            client.delete(name);
            if (wait) {
                awaitGone(client, name, limit);
            }
            out().println(WorkspaceClient.RESOURCE + " \"" + name + "\" deleted");
        }
        return 0;
    }

    private static void awaitGone(WorkspaceClient client, String name, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                client.get(name);
            } catch (ServerError e) {
                if (e.code() == 404) {
                    return;
                }
                throw e;
            }
            if (System.nanoTime() > deadline) {
                throw new CliFailure("timed out after " + limit.toSeconds() + " s waiting for workspace \"" + name
                        + "\" to be deleted");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted while waiting for workspace \"" + name + "\" to be deleted");
            }
        }
    }
}
