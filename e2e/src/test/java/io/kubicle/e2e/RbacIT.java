package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC inside a workspace, driven by real kubectl impersonating users (--as) from the admin
 * kubeconfig: what view and edit users may do, kube's 403 wording, escalation refused, can-i,
 * aggregation into edit, and that one workspace's bindings mean nothing in another.
 */
class RbacIT {
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl admin;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        admin = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
        admin.run("create", "namespace", "team").ok();
        admin.run("create", "rolebinding", "viewer", "--clusterrole=view", "--user=viewer", "-n", "team").ok();
        admin.run("create", "rolebinding", "editor", "--clusterrole=edit", "--user=editor", "-n", "team").ok();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void viewUserReadsButCannotWrite() {
        admin.run("create", "configmap", "settings", "-n", "team", "--from-literal=a=b").ok();
        assertTrue(admin.run("--as", "viewer", "get", "configmaps", "-n", "team").ok().stdout().contains("settings"));
        admin.run("--as", "viewer", "get", "configmap", "settings", "-n", "team", "-o", "name").ok();
        Kubectl.Result create = admin.run("--as", "viewer", "create", "configmap", "mine", "-n", "team");
        assertNotEquals(0, create.exitCode());
        assertTrue(create.stderr().contains("configmaps is forbidden: User \"viewer\" cannot"
                + " create resource \"configmaps\" in API group \"\" in the namespace \"team\""), create.stderr());
        Kubectl.Result secrets = admin.run("--as", "viewer", "get", "secrets", "-n", "team");
        assertTrue(secrets.stderr().contains("secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API"
                + " group \"\" in the namespace \"team\""), secrets.stderr());
        Kubectl.Result otherNamespace = admin.run("--as", "viewer", "get", "pods", "-n", "default");
        assertTrue(otherNamespace.stderr().contains("in the namespace \"default\""), otherNamespace.stderr());
        Kubectl.Result nodes = admin.run("--as", "viewer", "get", "nodes");
        assertTrue(nodes.stderr().contains("nodes is forbidden: User \"viewer\" cannot list resource \"nodes\" in API group"
                + " \"\" at the cluster scope"), nodes.stderr());
    }

    @Test
    void editUserCreatesDeploymentsButNotRbac() {
        admin.run("--as", "editor", "create", "deployment", "web", "--image=nginx", "-n", "team").ok();
        Kubectl.Result role = admin.run("--as", "editor", "create", "role", "r", "--verb=get", "--resource=pods", "-n", "team");
        assertNotEquals(0, role.exitCode());
        assertTrue(role.stderr().contains("roles.rbac.authorization.k8s.io is forbidden: User \"editor\" cannot create"
                + " resource \"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"team\""), role.stderr());
        Kubectl.Result binding = admin.run("--as", "editor", "create", "rolebinding", "b", "--clusterrole=admin",
                "--user=editor", "-n", "team");
        assertTrue(binding.stderr().contains("rolebindings.rbac.authorization.k8s.io is forbidden"), binding.stderr());
    }

    @Test
    void escalationIsRefused() {
        admin.run("create", "role", "role-maker", "-n", "team", "--verb=create,get,list,patch",
                "--resource=roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,pods").ok();
        admin.run("create", "rolebinding", "role-maker", "--role=role-maker", "--user=maker", "-n", "team").ok();
        admin.run("--as", "maker", "create", "role", "pod-getter", "--verb=get", "--resource=pods", "-n", "team").ok();
        Kubectl.Result grab = admin.run("--as", "maker", "create", "role", "grab", "--verb=get", "--resource=secrets",
                "-n", "team");
        assertNotEquals(0, grab.exitCode());
        assertTrue(grab.stderr().contains("roles.rbac.authorization.k8s.io \"grab\" is forbidden: user \"maker\""
                + " (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}"), grab.stderr());
        Kubectl.Result bindAdmin = admin.run("--as", "maker", "create", "rolebinding", "me-admin", "--clusterrole=admin",
                "--user=maker", "-n", "team");
        assertNotEquals(0, bindAdmin.exitCode());
        assertTrue(bindAdmin.stderr().contains("rolebindings.rbac.authorization.k8s.io \"me-admin\" is forbidden: user"
                + " \"maker\""), bindAdmin.stderr());
        admin.run("--as", "maker", "create", "rolebinding", "friend", "--role=pod-getter", "--user=friend", "-n", "team").ok();
        String secretRole = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: applied-grab
                  namespace: team
                rules:
                - apiGroups: [""]
                  resources: ["secrets"]
                  verbs: ["list"]
                """;
        Kubectl.Result applied = admin.runWithInput(secretRole, "--as", "maker", "apply", "--server-side", "-f", "-");
        assertTrue(applied.stderr().contains("is attempting to grant RBAC permissions not currently held"), applied.stderr());
        admin.run("--as", "maker", "get", "role", "pod-getter", "-n", "team").ok();
        Kubectl.Result patched = admin.run("--as", "maker", "patch", "role", "pod-getter", "-n", "team", "--type=merge", "-p",
                "{\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"get\"]}]}");
        assertTrue(patched.stderr().contains("roles.rbac.authorization.k8s.io \"pod-getter\" is forbidden"), patched.stderr());
    }

    @Test
    void canIAnswersFromThePolicy() {
        Kubectl.Result yes = admin.run("--as", "viewer", "auth", "can-i", "list", "pods", "-n", "team");
        assertEquals("yes", yes.stdout().trim(), yes.stderr());
        Kubectl.Result no = admin.run("--as", "viewer", "auth", "can-i", "create", "pods", "-n", "team");
        assertEquals("no", no.stdout().trim(), no.stderr());
        assertNotEquals(0, no.exitCode());
        String list = admin.run("--as", "viewer", "auth", "can-i", "--list", "-n", "team").ok().stdout();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("pods ") && l.contains("[get list watch]")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("selfsubjectaccessreviews.authorization.k8s.io")), list);
        String whoami = admin.run("--as", "viewer", "auth", "whoami").ok().stdout();
        assertTrue(whoami.contains("viewer") && whoami.contains("system:authenticated"), whoami);
        assertEquals("yes", admin.run("auth", "can-i", "*", "*").ok().stdout().trim());
    }

    @Test
    void labelledClusterRoleExtendsEdit() throws Exception {
        assertEquals("no", admin.run("--as", "editor", "auth", "can-i", "create", "resourcequotas", "-n", "team").stdout()
                .trim());
        admin.runWithInput("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: quota-edit
                  labels:
                    rbac.authorization.k8s.io/aggregate-to-edit: "true"
                rules:
                - apiGroups: [""]
                  resources: ["resourcequotas"]
                  verbs: ["create"]
                """, "apply", "-f", "-").ok();
        String answer = "";
        for (int i = 0; i < 50 && !answer.equals("yes"); i++) {
            answer = admin.run("--as", "editor", "auth", "can-i", "create", "resourcequotas", "-n", "team").stdout().trim();
            if (!answer.equals("yes")) {
                Thread.sleep(100);
            }
        }
        assertEquals("yes", answer);
        admin.run("--as", "editor", "create", "quota", "q", "--hard=pods=10", "-n", "team").ok();
        String adminRole = admin.run("get", "clusterrole", "admin", "-o", "yaml").ok().stdout();
        assertTrue(adminRole.lines().filter(l -> l.contains("- resourcequotas")).count() >= 2, "admin aggregates edit");
        assertEquals("no", admin.run("--as", "viewer", "auth", "can-i", "create", "resourcequotas", "-n", "team")
                .stdout().trim());
    }

    @Test
    void anotherWorkspaceKnowsNothingOfTheseBindings() throws Exception {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: rbac-other\n";
        admin.runWithInput(ws, "create", "-f", "-").ok();
        String kubeconfig = admin.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/rbac-other/kubeconfig")
                .ok().stdout();
        Path file = dir.resolve("other.kubeconfig");
        Files.writeString(file, kubeconfig);
        Kubectl other = new Kubectl(file, dir.resolve("cache-other"));
        other.run("create", "namespace", "team").ok();
        assertEquals("no", other.run("--as", "viewer", "auth", "can-i", "list", "pods", "-n", "team").stdout().trim());
        Kubectl.Result denied = other.run("--as", "viewer", "get", "pods", "-n", "team");
        assertTrue(denied.stderr().contains("pods is forbidden: User \"viewer\" cannot list resource \"pods\""),
                denied.stderr());
        other.run("get", "clusterrole", "view", "edit", "admin", "cluster-admin").ok();
        other.run("create", "rolebinding", "viewer", "--clusterrole=view", "--user=viewer", "-n", "team").ok();
        other.run("--as", "viewer", "get", "pods", "-n", "team").ok();
    }

    @Test
    void aCertificateUserWithoutBindingsMayOnlyLookAtItselfAndCannotImpersonate() throws Exception {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: rbac-carol\n";
        admin.runWithInput(ws, "create", "-f", "-").ok();
        Kubectl owner = kubeconfig("rbac-carol", "");
        Kubectl carol = kubeconfig("rbac-carol", "?user=carol&group=dev");
        String whoami = carol.run("auth", "whoami").ok().stdout();
        assertTrue(whoami.contains("carol") && whoami.contains("dev"), whoami);
        Kubectl.Result pods = carol.run("get", "pods", "-n", "default");
        assertTrue(pods.stderr().contains("pods is forbidden: User \"carol\" cannot list resource \"pods\" in API group \"\""
                + " in the namespace \"default\""), pods.stderr());
        Kubectl.Result impersonate = carol.run("--as", "alice", "get", "pods", "-n", "default");
        assertTrue(impersonate.stderr().contains("users \"alice\" is forbidden: User \"carol\" cannot impersonate resource"
                + " \"users\" in API group \"\" at the cluster scope"), impersonate.stderr());
        owner.run("create", "clusterrole", "impersonate-alice", "--verb=impersonate", "--resource=users",
                "--resource-name=alice").ok();
        owner.run("create", "clusterrolebinding", "carol-as-alice", "--clusterrole=impersonate-alice", "--group=dev").ok();
        owner.run("create", "rolebinding", "alice-view", "--clusterrole=view", "--user=alice", "-n", "default").ok();
        carol.run("--as", "alice", "get", "pods", "-n", "default").ok();
        Kubectl.Result asBob = carol.run("--as", "bob", "get", "pods", "-n", "default");
        assertTrue(asBob.stderr().contains("users \"bob\" is forbidden"), asBob.stderr());
    }

    private static Kubectl kubeconfig(String workspace, String query) throws Exception {
        String text = admin.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + workspace + "/kubeconfig"
                + query).ok().stdout();
        Path file = dir.resolve(workspace + query.hashCode() + ".kubeconfig");
        Files.writeString(file, text);
        return new Kubectl(file, dir.resolve("cache-" + workspace + query.hashCode()));
    }
}
