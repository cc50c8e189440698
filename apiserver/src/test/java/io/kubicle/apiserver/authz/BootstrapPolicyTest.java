package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapPolicyTest {
    private static final UserInfo USER = new UserInfo("u", List.of(UserInfo.AUTHENTICATED));

    private static RbacPolicy loaded() {
        RbacPolicy p = new RbacPolicy();
        for (ObjectNode o : BootstrapPolicy.objects()) {
            if (o.path("kind").asText().equals("ClusterRole")) {
                p.putClusterRole(o.path("metadata").path("name").asText(), PolicyRule.listFrom(o.get("rules")));
            } else {
                p.putBinding(Binding.from(o));
            }
        }
        return p;
    }

    private static boolean can(RbacPolicy p, String role, String verb, String group, String resource) {
        p.putBinding(new Binding("t", "ns", "ClusterRole", role, List.of(new Binding.Subject("User", "u", ""))));
        return RbacEvaluator.authorize(p, Attributes.resource(USER, verb, group, "v1", resource, "", "ns", "")).allowed();
    }

    @Test
    void aggregatedRolesNestAsInKube() {
        RbacPolicy p = loaded();
        assertTrue(can(p, "view", "list", "apps", "deployments"));
        assertFalse(can(p, "view", "list", "", "secrets"));
        assertFalse(can(p, "view", "create", "apps", "deployments"));
        assertTrue(can(p, "edit", "create", "apps", "deployments"));
        assertTrue(can(p, "edit", "list", "", "pods"), "edit includes view");
        assertFalse(can(p, "edit", "create", "rbac.authorization.k8s.io", "roles"));
        assertTrue(can(p, "admin", "create", "rbac.authorization.k8s.io", "rolebindings"));
        assertTrue(can(p, "admin", "delete", "batch", "jobs"), "admin includes edit");
    }

    @Test
    void everyAuthenticatedUserMayDiscoverAndReviewItself() {
        RbacPolicy p = loaded();
        assertTrue(RbacEvaluator.authorize(p, Attributes.nonResource(USER, "get", "/apis/apps/v1")).allowed());
        assertTrue(RbacEvaluator.authorize(p, Attributes.nonResource(USER, "get", "/openapi/v3/api/v1")).allowed());
        assertTrue(RbacEvaluator.authorize(p, Attributes.resource(USER, "create", "authorization.k8s.io", "v1",
                "selfsubjectaccessreviews", "", "", "")).allowed());
        assertFalse(RbacEvaluator.authorize(p, Attributes.resource(USER, "list", "", "v1", "pods", "", "default", ""))
                .allowed());
        UserInfo master = new UserInfo("root", List.of(UserInfo.MASTERS));
        assertTrue(RbacEvaluator.rulesFor(p, master, "default").rules().stream()
                .anyMatch(r -> r.verbs().equals(List.of("*")) && r.resources().equals(List.of("*"))),
                "cluster-admin is bound to system:masters, so can-i --list shows it");
    }

    @Test
    void aggregationFollowsLabels() {
        ObjectNode extra = io.kubicle.apiserver.api.Json.object();
        extra.put("kind", "ClusterRole");
        extra.putObject("metadata").put("name", "widgets-edit").putObject("labels")
                .put(BootstrapPolicy.AGGREGATE_TO_EDIT, "true");
        extra.set("rules", PolicyRule.toJson(List.of(PolicyRule.resources(List.of("create"), List.of("example.com"),
                List.of("widgets")))));
        List<ObjectNode> all = new java.util.ArrayList<>(BootstrapPolicy.objects());
        all.add(extra);
        Aggregation.fill(all);
        ObjectNode admin = all.stream().filter(o -> o.path("metadata").path("name").asText().equals("admin")).findFirst()
                .orElseThrow();
        ObjectNode view = all.stream().filter(o -> o.path("metadata").path("name").asText().equals("view")).findFirst()
                .orElseThrow();
        assertTrue(PolicyRule.listFrom(admin.get("rules")).stream().anyMatch(r -> r.resources().contains("widgets")));
        assertFalse(PolicyRule.listFrom(view.get("rules")).stream().anyMatch(r -> r.resources().contains("widgets")));
    }
}
