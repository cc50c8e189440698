package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenialsTest {
    private static final UserInfo ALICE = new UserInfo("alice", List.of("system:authenticated"));

    @Test
    void namespacedCollection() {
        ApiError e = Denials.forbidden(Attributes.resource(ALICE, "list", "", "v1", "pods", "", "default", ""), "");
        assertEquals(403, e.code());
        assertEquals("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace"
                + " \"default\"", e.getMessage());
    }

    @Test
    void namedClusterScopedWithGroupAndSubresource() {
        ApiError e = Denials.forbidden(Attributes.resource(ALICE, "update", "apps", "v1", "deployments", "scale", "", "web"),
                "");
        assertEquals("deployments.apps \"web\" is forbidden: User \"alice\" cannot update resource \"deployments/scale\""
                + " in API group \"apps\" at the cluster scope", e.getMessage());
        assertEquals("web", e.name());
        assertEquals("deployments", e.kind());
    }

    @Test
    void nonResourcePathAndReason() {
        ApiError e = Denials.forbidden(Attributes.nonResource(ALICE, "get", "/metrics"), "RBAC: x");
        assertEquals("forbidden: User \"alice\" cannot get path \"/metrics\": RBAC: x", e.getMessage());
    }
}
