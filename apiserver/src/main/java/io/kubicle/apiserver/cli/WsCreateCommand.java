package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubicle ws create}: one workspace, and at once its admin kubeconfig, for a CI job. */
@Command(name = "create",
        description = "Create a workspace and print its admin kubeconfig (or write it to --output).")
final class WsCreateCommand extends WsSubcommand {
    static final String GPU_RESOURCE = "requests.nvidia.com/gpu";
    static final List<String> POD_SECURITY_LEVELS = List.of("privileged", "baseline", "restricted");

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Workspace name (or use --generate-name).")
    String name;

    @Option(names = "--generate-name", paramLabel = "PREFIX",
            description = "Let the server pick a unique name starting with PREFIX (metadata.generateName).")
    String generateName;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "Delete the workspace after this long, e.g. 30m, 2h, 7d.")
    String ttl;

    @Option(names = "--from", paramLabel = "BLUEPRINT", description = "Start with a copy of this workspace's contents.")
    String blueprint;

    @Option(names = "--gpus", paramLabel = "N", description = "GPU quota of the workspace (" + GPU_RESOURCE + ").")
    Integer gpus;

    @Option(names = "--pod-security", paramLabel = "LEVEL", description = "Pod security level: privileged, baseline or restricted.")
    String podSecurity;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the kubeconfig to FILE (mode 0600) instead of stdout.")
    Path output;

    @Override
    int execute() {
        ObjectNode workspace = manifest();
        if (output != null) {
            PrivateFile.checkWritable(output); // before the workspace exists, not after
        }
        WorkspaceClient client = client();
        long start = System.nanoTime();
        JsonNode created = client.create(workspace);
        String name = created.path("metadata").path("name").asText();
        String kubeconfig;
        try {
            kubeconfig = client.kubeconfig(name);
        } catch (CliFailure e) {
            throw new CliFailure("workspace \"" + name + "\" was created, but its kubeconfig could not be fetched: "
                    + e.getMessage());
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (output != null) {
            PrivateFile.write(output, kubeconfig);
        } else {
            out().print(kubeconfig);
        }
        err().println(summary(created, elapsedMs));
        return 0;
    }

    /** The Workspace to POST; usage mistakes are caught here rather than after a round trip. */
    ObjectNode manifest() {
        if ((name == null) == (generateName == null)) {
            throw usage(name == null ? "Missing NAME (or --generate-name PREFIX)" : "NAME and --generate-name are exclusive");
        }
        if (gpus != null && gpus < 0) {
            throw usage("--gpus must not be negative, got " + gpus);
        }
        if (podSecurity != null && !POD_SECURITY_LEVELS.contains(podSecurity)) {
            throw usage("--pod-security must be one of " + String.join(", ", POD_SECURITY_LEVELS) + ", got \"" + podSecurity + "\"");
        }
        ObjectNode ws = JsonNodeFactory.instance.objectNode();
        ws.put("apiVersion", "tenancy.kubicle.io/v1alpha1").put("kind", "Workspace");
        ObjectNode meta = ws.putObject("metadata");
        if (name != null) {
            meta.put("name", name);
        } else {
            meta.put("generateName", generateName);
        }
        ObjectNode spec = ws.putObject("spec");
        if (ttl != null) {
            spec.put("ttl", ttl);
        }
        if (blueprint != null) {
            spec.put("blueprint", blueprint);
        }
        if (podSecurity != null) {
            spec.put("podSecurity", podSecurity);
        }
        if (gpus != null) {
            spec.putObject("quota").putObject("hard").put(GPU_RESOURCE, Integer.toString(gpus));
        }
        return ws;
    }

    private String summary(JsonNode created, long elapsedMs) {
        JsonNode status = created.path("status");
        String expiresAt = status.path("expiresAt").asText("");
        return "workspace \"" + created.path("metadata").path("name").asText() + "\" ready in " + elapsedMs + " ms: "
                + status.path("url").asText("(no url yet)")
                + (expiresAt.isEmpty() ? ", never expires" : ", expires " + expiresAt)
                + (output == null ? "" : ", kubeconfig written to " + output);
    }
}
