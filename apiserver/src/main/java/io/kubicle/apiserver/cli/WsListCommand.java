package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubicle ws list}: every workspace, as kubectl lists objects. */
@Command(name = "list", aliases = "ls",
        description = "List workspaces: NAME PHASE URL EXPIRES AGE.")
final class WsListCommand extends WsSubcommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json, yaml or name (default: a table).")
    String format;

    @Override
    int execute() {
        checkFormat(format);
        JsonNode list = client().list();
        if (format != null) {
            out().print(ObjectOutput.format(list, format));
        } else if (list.path("items").isEmpty()) {
            err().println("No resources found");
        } else {
            out().print(WorkspaceTable.render(list.path("items"), parent.clock.instant()));
        }
        return 0;
    }
}
