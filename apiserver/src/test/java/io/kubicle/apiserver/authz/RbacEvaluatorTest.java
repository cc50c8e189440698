package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.apiserver.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacEvaluatorTest {
    private static final UserInfo ALICE = new UserInfo("alice", List.of("dev", "system:authenticated"));
    private static final UserInfo SA = new UserInfo("system:serviceaccount:team:robot",
            List.of("system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"));

    private static RbacPolicy policy() {
        RbacPolicy p = new RbacPolicy();
        p.putClusterRole("pod-reader", List.of(PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("pods"))));
        p.putClusterRole("logs", List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods/log"))));
        p.putRole("team", "cm-one", List.of(new PolicyRule(List.of("get", "update"), List.of(""), List.of("configmaps"),
                List.of("settings"), List.of())));
        p.putClusterRole("health", List.of(PolicyRule.urls(List.of("get"), List.of("/healthz", "/logs/*"))));
        p.putBinding(new Binding("readers", "", "ClusterRole", "pod-reader",
                List.of(new Binding.Subject("Group", "dev", ""))));
        p.putBinding(new Binding("logs", "team", "ClusterRole", "logs",
                List.of(new Binding.Subject("ServiceAccount", "robot", ""))));
        p.putBinding(new Binding("cm", "team", "Role", "cm-one", List.of(new Binding.Subject("User", "alice", ""))));
        p.putBinding(new Binding("health", "", "ClusterRole", "health", List.of(new Binding.Subject("User", "alice", ""))));
        return p;
    }

    private static RbacEvaluator.Decision check(UserInfo u, String verb, String resource, String sub, String ns, String name) {
        return RbacEvaluator.authorize(policy(), Attributes.resource(u, verb, "", "v1", resource, sub, ns, name));
    }

    @Test
    void clusterRoleBindingToGroupAllowsEverywhereAndSaysWhy() {
        RbacEvaluator.Decision d = check(ALICE, "list", "pods", "", "default", "");
        assertTrue(d.allowed());
        assertEquals("RBAC: allowed by ClusterRoleBinding \"readers\" of ClusterRole \"pod-reader\" to Group \"dev\"",
                d.reason());
        assertTrue(check(ALICE, "get", "pods", "", "", "x").allowed());
        assertFalse(check(ALICE, "delete", "pods", "", "default", "x").allowed());
    }

    @Test
    void subresourceNeedsItsOwnRule() {
        assertFalse(check(ALICE, "get", "pods", "log", "team", "p").allowed());
        RbacEvaluator.Decision d = check(SA, "get", "pods", "log", "team", "p");
        assertTrue(d.allowed());
        assertEquals("RBAC: allowed by RoleBinding \"logs/team\" of ClusterRole \"logs\" to ServiceAccount \"robot/team\"",
                d.reason());
        assertFalse(check(SA, "get", "pods", "log", "other", "p").allowed(), "a RoleBinding counts in its namespace only");
    }

    @Test
    void resourceNamesRestrictToNamedObjects() {
        assertTrue(check(ALICE, "update", "configmaps", "", "team", "settings").allowed());
        assertFalse(check(ALICE, "update", "configmaps", "", "team", "other").allowed());
        assertFalse(check(ALICE, "list", "configmaps", "", "team", "").allowed());
    }

    @Test
    void wildcardsAndStarSlashSubresource() {
        RbacPolicy p = new RbacPolicy();
        p.putClusterRole("status", List.of(PolicyRule.resources(List.of("*"), List.of("*"), List.of("*/status"))));
        p.putBinding(new Binding("b", "", "ClusterRole", "status", List.of(new Binding.Subject("User", "alice", ""))));
        assertTrue(RbacEvaluator.authorize(p, Attributes.resource(ALICE, "patch", "apps", "v1", "deployments", "status",
                "ns", "d")).allowed());
        assertFalse(RbacEvaluator.authorize(p, Attributes.resource(ALICE, "patch", "apps", "v1", "deployments", "scale",
                "ns", "d")).allowed());
        assertFalse(RbacEvaluator.authorize(p, Attributes.resource(ALICE, "patch", "apps", "v1", "deployments", "",
                "ns", "d")).allowed());
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByTrailingStar() {
        RbacPolicy p = policy();
        assertTrue(RbacEvaluator.authorize(p, Attributes.nonResource(ALICE, "get", "/healthz")).allowed());
        assertTrue(RbacEvaluator.authorize(p, Attributes.nonResource(ALICE, "get", "/logs/kube.log")).allowed());
        assertFalse(RbacEvaluator.authorize(p, Attributes.nonResource(ALICE, "get", "/healthz/etcd")).allowed());
        assertFalse(RbacEvaluator.authorize(p, Attributes.nonResource(ALICE, "post", "/healthz")).allowed());
    }

    @Test
    void serviceAccountSubjectsNeedTheRightNamespace() {
        RbacPolicy p = new RbacPolicy();
        p.putClusterRole("pod-reader", List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))));
        // a ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody
        p.putBinding(new Binding("crb", "", "ClusterRole", "pod-reader", List.of(new Binding.Subject("ServiceAccount", "robot", ""))));
        assertFalse(RbacEvaluator.authorize(p, Attributes.resource(SA, "get", "", "v1", "pods", "", "team", "x")).allowed());
        p.putBinding(new Binding("crb", "", "ClusterRole", "pod-reader", List.of(new Binding.Subject("ServiceAccount", "robot", "team"))));
        assertTrue(RbacEvaluator.authorize(p, Attributes.resource(SA, "get", "", "v1", "pods", "", "elsewhere", "x")).allowed());
        p.putBinding(new Binding("crb", "", "ClusterRole", "pod-reader", List.of(new Binding.Subject("Group", "system:serviceaccounts:team", ""))));
        assertTrue(RbacEvaluator.authorize(p, Attributes.resource(SA, "get", "", "v1", "pods", "", "x", "x")).allowed());
    }

    @Test
    void mastersMayDoAnythingWithoutBindings() {
        UserInfo admin = new UserInfo("admin", List.of(UserInfo.MASTERS));
        RbacEvaluator.Decision d = RbacEvaluator.authorize(new RbacPolicy(),
                Attributes.resource(admin, "delete", "", "v1", "nodes", "", "", "n1"));
        assertTrue(d.allowed());
    }

    @Test
    void missingRolesAppearInTheDenialReason() {
        RbacPolicy p = new RbacPolicy();
        p.putBinding(new Binding("gone", "", "ClusterRole", "nope", List.of(new Binding.Subject("User", "alice", ""))));
        p.putBinding(new Binding("gone", "ns", "Role", "missing", List.of(new Binding.Subject("User", "alice", ""))));
        RbacEvaluator.Decision d = RbacEvaluator.authorize(p, Attributes.resource(ALICE, "get", "", "v1", "pods", "", "ns", "x"));
        assertFalse(d.allowed());
        assertEquals("RBAC: [clusterrole.rbac.authorization.k8s.io \"nope\" not found,"
                + " role.rbac.authorization.k8s.io \"missing\" not found]", d.reason());
    }

    @Test
    void rulesForListsClusterThenNamespaceRules() {
        RbacEvaluator.Rules rules = RbacEvaluator.rulesFor(policy(), ALICE, "team");
        assertEquals(3, rules.rules().size());
        assertEquals(List.of("/healthz", "/logs/*"), rules.rules().get(0).nonResourceURLs());
        assertEquals(List.of("pods"), rules.rules().get(1).resources());
        assertEquals(List.of("configmaps"), rules.rules().get(2).resources());
        assertEquals(2, RbacEvaluator.rulesFor(policy(), ALICE, "").rules().size());
    }
}
