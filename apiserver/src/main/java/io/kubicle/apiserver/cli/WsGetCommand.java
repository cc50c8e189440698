package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubicle ws get NAME}: one workspace as a table row, or the whole object with {@code -o}. */
@Command(name = "get", description = "Show one workspace.")
final class WsGetCommand extends WsSubcommand {
    @Parameters(paramLabel = "NAME", description = "Workspace name.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json, yaml or name (default: a table).")
    String format;

    @Override
    int execute() {
        checkFormat(format);
        JsonNode workspace = client().get(name);
        out().print(format == null ? WorkspaceTable.render(List.of(workspace), parent.clock.instant())
                : ObjectOutput.format(workspace, format));
        return 0;
    }
}
