package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning workspaces through the root workspace's API, and what tenants see of each other. */
class WorkspacesIT {
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl root;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        root = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Kubectl provision(String name) throws Exception {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: " + name + "\n";
        assertTrue(root.runWithInput(ws, "create", "-f", "-").ok().stdout().contains("workspace.tenancy.kubicle.io/" + name
                + " created"));
        String kubeconfig = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + name + "/kubeconfig")
                .ok().stdout();
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, kubeconfig);
        return new Kubectl(file, dir.resolve("cache-" + name));
    }

    @Test
    void twoWorkspacesHoldSameNamesWithoutSeeingEachOther() throws Exception {
        Kubectl a = provision("tenant-a");
        Kubectl b = provision("tenant-b");
        a.run("create", "configmap", "shared-name", "--from-literal=owner=a").ok();
        b.run("create", "configmap", "shared-name", "--from-literal=owner=b").ok();
        assertEquals("a", a.run("get", "cm", "shared-name", "-o", "jsonpath={.data.owner}").ok().stdout());
        assertEquals("b", b.run("get", "cm", "shared-name", "-o", "jsonpath={.data.owner}").ok().stdout());
        a.run("create", "namespace", "only-in-a").ok();
        Kubectl.Result notThere = b.run("get", "namespace", "only-in-a");
        assertNotEquals(0, notThere.exitCode());
        String url = root.run("get", "workspace", "tenant-a", "-o", "jsonpath={.status.url}").ok().stdout();
        assertTrue(url.endsWith("/clusters/tenant-a"), url);
        assertEquals("Ready", root.run("get", "workspace", "tenant-a", "-o", "jsonpath={.status.phase}").ok().stdout());
        Kubectl.Result noWorkspacesInTenants = a.run("get", "workspaces");
        assertNotEquals(0, noWorkspacesInTenants.exitCode(), "only the root workspace provisions");
    }

    @Test
    void deletingAWorkspaceRemovesEverythingInIt() throws Exception {
        Kubectl c = provision("short-lived");
        c.run("create", "configmap", "data", "--from-literal=x=1").ok();
        root.run("delete", "workspace", "short-lived").ok();
        Kubectl.Result after = c.run("get", "configmaps");
        assertNotEquals(0, after.exitCode());
        // its credentials died with it: they were issued by the deleted workspace's own CA
        assertTrue(after.stderr().contains("provide credentials") || after.stderr().contains("Unauthorized"), after.stderr());
        Kubectl again = provision("short-lived");
        Kubectl.Result empty = again.run("get", "configmap", "data");
        assertNotEquals(0, empty.exitCode(), "a re-created workspace starts empty");
    }

    @Test
    void aWatchInADeletedWorkspaceEndsSayingSoByName() throws Exception {
        Kubectl w = provision("watched-away");
        w.run("create", "configmap", "seen").ok();
        CompletableFuture<Kubectl.Result> watching = CompletableFuture.supplyAsync(() ->
                w.run("get", "configmaps", "-w", "--request-timeout=20s"));
        Thread.sleep(2500);
        long deleted = System.nanoTime();
        root.run("delete", "workspace", "watched-away").ok();
        Kubectl.Result ended = watching.get();
        // the watch ends at the deletion, not at its timeout, and says why in the workspace's own name
        assertTrue(System.nanoTime() - deleted < 15_000_000_000L, "the watch outlived its workspace: " + ended.stdout());
        assertTrue(ended.stdout().contains("seen"), ended.stdout() + ended.stderr());
        assertTrue(ended.stdout().contains("workspace \"watched-away\" was deleted"), ended.stdout() + ended.stderr());
    }

    @Test
    void watchStreamsChangesToKubectl() throws Exception {
        Kubectl w = provision("watcher");
        w.run("create", "configmap", "before").ok();
        CompletableFuture<Kubectl.Result> watching = CompletableFuture.supplyAsync(() ->
                w.run("get", "configmaps", "-w", "-o", "name", "--request-timeout=8s"));
        Thread.sleep(2500);
        w.run("create", "configmap", "during").ok();
        w.run("delete", "configmap", "during").ok();
        Kubectl.Result seen = watching.get();
        String out = seen.stdout();
        assertTrue(out.contains("configmap/before"), out + seen.stderr());
        assertTrue(out.lines().filter(l -> l.equals("configmap/during")).count() >= 1, out + seen.stderr());
    }
}
