package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.UserInfo;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpersonationTest {
    private static final UserInfo ADMIN = new UserInfo("admin", List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED));
    private static final UserInfo CAROL = new UserInfo("carol", List.of(UserInfo.AUTHENTICATED));

    private static MultiMap headers(String... pairs) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void userAndGroupsBecomeTheIdentityWithSystemAuthenticated() {
        UserInfo u = Impersonation.impersonate(new RbacPolicy(), ADMIN,
                headers("Impersonate-User", "alice", "Impersonate-Group", "dev", "Impersonate-Group", "ops"));
        assertEquals(new UserInfo("alice", List.of("dev", "ops", "system:authenticated")), u);
    }

    @Test
    void serviceAccountGetsItsGroups() {
        UserInfo u = Impersonation.impersonate(new RbacPolicy(), ADMIN,
                headers("Impersonate-User", "system:serviceaccount:team:robot"));
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"), u.groups());
    }

    @Test
    void eachPartIsAuthorizedForTheRealUser() {
        RbacPolicy p = new RbacPolicy();
        p.putClusterRole("imp", List.of(new PolicyRule(List.of("impersonate"), List.of(""), List.of("users"),
                List.of("alice"), List.of())));
        p.putBinding(new Binding("imp", "", "ClusterRole", "imp", List.of(new Binding.Subject("User", "carol", ""))));
        assertEquals("alice", Impersonation.impersonate(p, CAROL, headers("Impersonate-User", "alice")).name());
        ApiError user = assertThrows(ApiError.class, () -> Impersonation.impersonate(p, CAROL, headers("Impersonate-User", "bob")));
        assertEquals("users \"bob\" is forbidden: User \"carol\" cannot impersonate resource \"users\" in API group \"\""
                + " at the cluster scope", user.getMessage());
        ApiError group = assertThrows(ApiError.class, () -> Impersonation.impersonate(p, CAROL,
                headers("Impersonate-User", "alice", "Impersonate-Group", "system:masters")));
        assertEquals("groups \"system:masters\" is forbidden: User \"carol\" cannot impersonate resource \"groups\" in API"
                + " group \"\" at the cluster scope", group.getMessage());
    }

    @Test
    void groupsWithoutUserAreRefusedAsKubeDoes() {
        ApiError e = assertThrows(ApiError.class, () -> Impersonation.impersonate(new RbacPolicy(), ADMIN,
                headers("Impersonate-Group", "dev")));
        assertEquals(500, e.code());
        assertEquals("Internal error occurred: requested [{Group  dev    }] without impersonating a user", e.getMessage());
    }
}
