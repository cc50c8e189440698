package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates a workspace through the root workspace's API and writes its admin kubeconfig. */
final class Workspaces {
    private Workspaces() {
    }

    /** Returns the kubeconfig file of the new workspace {@code name} (its server URL is /clusters/name). */
    static Path provision(Kubectl root, Path dir, String name) throws IOException {
        return provision(root, dir, name, null);
    }

    /** The same, the Workspace with {@code specJson} (null: none) as its spec. */
    static Path provision(Kubectl root, Path dir, String name, String specJson) throws IOException {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: " + name + "\n"
                + (specJson == null ? "" : "spec: " + specJson + "\n");
        String created = root.runWithInput(ws, "create", "-f", "-").ok().stdout();
        assertTrue(created.contains("workspace.tenancy.kubicle.io/" + name + " created"), created);
        String kubeconfig = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + name + "/kubeconfig")
                .ok().stdout();
        assertTrue(kubeconfig.contains("/clusters/" + name), kubeconfig);
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, kubeconfig);
        return file;
    }
}
