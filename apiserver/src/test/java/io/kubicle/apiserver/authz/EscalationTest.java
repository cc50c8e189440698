package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscalationTest {
    private static final UserInfo BOB = new UserInfo("bob", List.of("system:authenticated"));

    /** bob may manage roles and bindings in "team" (but not escalate or bind: "*" would include both) and read pods. */
    private static RbacPolicy policy() {
        RbacPolicy p = new RbacPolicy();
        p.putRole("team", "rbac-manager", List.of(
                PolicyRule.resources(List.of("create", "get", "list", "update", "patch", "delete"),
                        List.of("rbac.authorization.k8s.io"), List.of("roles", "rolebindings")),
                PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("pods"))));
        p.putBinding(new Binding("bob", "team", "Role", "rbac-manager", List.of(new Binding.Subject("User", "bob", ""))));
        p.putClusterRole("secret-reader", List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("secrets"))));
        p.putClusterRole("pod-reader", List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))));
        return p;
    }

    private static ObjectNode role(String name, List<PolicyRule> rules) {
        ObjectNode role = Json.object();
        role.putObject("metadata").put("name", name).put("namespace", "team");
        role.set("rules", PolicyRule.toJson(rules));
        return role;
    }

    private static ObjectNode binding(String name, String kind, String roleName) {
        ObjectNode b = Json.object();
        b.putObject("metadata").put("name", name).put("namespace", "team");
        b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", kind).put("name", roleName);
        return b;
    }

    @Test
    void roleWithHeldPermissionsMayBeCreated() {
        assertNull(Escalation.checkRole(policy(), BOB, "roles", "team", "",
                role("r", List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))))));
    }

    @Test
    void roleGrantingUnheldPermissionsIsRefusedInKubesWords() {
        ApiError e = Escalation.checkRole(policy(), BOB, "roles", "team", "", role("r", List.of(
                PolicyRule.resources(List.of("get", "list", "delete"), List.of(""), List.of("pods", "secrets")))));
        assertNotNull(e);
        assertEquals(403, e.code());
        assertEquals("roles.rbac.authorization.k8s.io \"r\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"])"
                + " is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\" \"delete\"]}", e.getMessage());
    }

    @Test
    void escalateVerbLiftsTheCheck() {
        RbacPolicy p = policy();
        p.putClusterRole("escalator", List.of(PolicyRule.resources(List.of("escalate"), List.of("rbac.authorization.k8s.io"),
                List.of("roles"))));
        p.putBinding(new Binding("esc", "team", "ClusterRole", "escalator", List.of(new Binding.Subject("User", "bob", ""))));
        assertNull(Escalation.checkRole(p, BOB, "roles", "team", "", role("r", List.of(
                PolicyRule.resources(List.of("*"), List.of("*"), List.of("*"))))));
    }

    @Test
    void bindingNeedsBindOrTheRolesPermissions() {
        assertNull(Escalation.checkBinding(policy(), BOB, "rolebindings", "team", binding("b", "ClusterRole", "pod-reader")));
        ApiError e = Escalation.checkBinding(policy(), BOB, "rolebindings", "team", binding("b", "ClusterRole",
                "secret-reader"));
        assertNotNull(e);
        assertEquals("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: user \"bob\" (groups=[\"system:authenticated\"])"
                + " is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}", e.getMessage());
        RbacPolicy p = policy();
        p.putClusterRole("binder", List.of(new PolicyRule(List.of("bind"), List.of("rbac.authorization.k8s.io"),
                List.of("clusterroles"), List.of("secret-reader"), List.of())));
        p.putBinding(new Binding("binder", "team", "ClusterRole", "binder", List.of(new Binding.Subject("User", "bob", ""))));
        assertNull(Escalation.checkBinding(p, BOB, "rolebindings", "team", binding("b", "ClusterRole", "secret-reader")));
    }

    @Test
    void bindingToMissingRoleIsForbidden() {
        ApiError e = Escalation.checkBinding(policy(), BOB, "rolebindings", "team", binding("b", "Role", "ghost"));
        assertEquals("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: roles.rbac.authorization.k8s.io \"ghost\""
                + " not found", e.getMessage());
    }

    @Test
    void mastersAreNeverChecked() {
        UserInfo admin = new UserInfo("admin", List.of(UserInfo.MASTERS));
        assertNull(Escalation.checkRole(new RbacPolicy(), admin, "clusterroles", "", "", role("x", List.of(
                PolicyRule.resources(List.of("*"), List.of("*"), List.of("*"))))));
    }

    @Test
    void coverageUnderstandsStarsSubresourcesAndUrls() {
        List<PolicyRule> owner = List.of(PolicyRule.resources(List.of("get"), List.of("*"), List.of("*/status", "pods")),
                PolicyRule.urls(List.of("get"), List.of("/logs/*")));
        assertEquals(List.of(), RuleMatching.uncovered(owner, List.of(
                PolicyRule.resources(List.of("get"), List.of("apps"), List.of("deployments/status", "pods")),
                PolicyRule.urls(List.of("get"), List.of("/logs/a", "/logs/*")))));
        assertEquals(1, RuleMatching.uncovered(owner, List.of(PolicyRule.urls(List.of("get"), List.of("/metrics")))).size());
        assertEquals(1, RuleMatching.uncovered(owner, List.of(
                PolicyRule.resources(List.of("get"), List.of("apps"), List.of("deployments")))).size());
    }
}
