package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessReviewsTest {
    private static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));

    private static RbacPolicy policy() {
        RbacPolicy p = new RbacPolicy();
        p.putClusterRole("reader", List.of(PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("pods")),
                PolicyRule.urls(List.of("get"), List.of("/healthz"))));
        p.putBinding(new Binding("alice", "team", "ClusterRole", "reader", List.of(new Binding.Subject("User", "alice", ""))));
        return p;
    }

    private static ObjectNode review(String attributesField, String... pairs) {
        ObjectNode r = Json.object();
        ObjectNode attrs = r.putObject("spec").putObject(attributesField);
        for (int i = 0; i < pairs.length; i += 2) {
            attrs.put(pairs[i], pairs[i + 1]);
        }
        return r;
    }

    @Test
    void selfAccessReviewAnswersForTheCaller() {
        ObjectNode allowed = AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SelfSubjectAccessReview",
                "selfsubjectaccessreviews", review("resourceAttributes", "verb", "list", "resource", "pods", "namespace",
                        "team"), ALICE, "");
        assertTrue(allowed.path("status").path("allowed").asBoolean());
        assertEquals("RBAC: allowed by RoleBinding \"alice/team\" of ClusterRole \"reader\" to User \"alice\"",
                allowed.path("status").path("reason").asText());
        ObjectNode denied = AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SelfSubjectAccessReview",
                "selfsubjectaccessreviews", review("resourceAttributes", "verb", "list", "resource", "pods", "namespace",
                        "other"), ALICE, "");
        assertFalse(denied.path("status").path("allowed").asBoolean());
        assertFalse(denied.path("status").has("reason"));
        assertFalse(denied.path("status").has("denied"), "RBAC never denies, it only fails to allow");
    }

    @Test
    void subjectAccessReviewAsksAboutSomeoneElse() {
        ObjectNode sar = review("resourceAttributes", "verb", "get", "resource", "pods", "namespace", "team");
        ((ObjectNode) sar.get("spec")).put("user", "alice");
        UserInfo admin = new UserInfo("admin", List.of(UserInfo.MASTERS));
        assertTrue(AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SubjectAccessReview", "subjectaccessreviews",
                sar, admin, "").path("status").path("allowed").asBoolean());
        ((ObjectNode) sar.get("spec")).put("user", "bob");
        assertFalse(AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SubjectAccessReview", "subjectaccessreviews",
                sar, admin, "").path("status").path("allowed").asBoolean());
        ObjectNode nobody = review("nonResourceAttributes", "verb", "get", "path", "/healthz");
        ApiError e = assertThrows(ApiError.class, () -> AccessReviews.answer(policy(), "authorization.k8s.io/v1",
                "SubjectAccessReview", "subjectaccessreviews", nobody, admin, ""));
        assertEquals(422, e.code());
    }

    @Test
    void localReviewMustStayInItsNamespace() {
        ObjectNode local = review("resourceAttributes", "verb", "get", "resource", "pods", "namespace", "elsewhere");
        ((ObjectNode) local.get("spec")).put("user", "alice");
        ApiError e = assertThrows(ApiError.class, () -> AccessReviews.answer(policy(), "authorization.k8s.io/v1",
                "LocalSubjectAccessReview", "localsubjectaccessreviews", local, ALICE, "team"));
        assertEquals(400, e.code());
    }

    @Test
    void rulesReviewListsResourceAndNonResourceRules() {
        ObjectNode r = Json.object();
        r.putObject("spec").put("namespace", "team");
        ObjectNode answer = AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SelfSubjectRulesReview",
                "selfsubjectrulesreviews", r, ALICE, "");
        assertEquals("pods", answer.at("/status/resourceRules/0/resources/0").asText());
        assertEquals("/healthz", answer.at("/status/nonResourceRules/0/nonResourceURLs/0").asText());
        assertFalse(answer.at("/status/incomplete").asBoolean());
        r.putObject("spec").put("namespace", "other");
        assertEquals(0, AccessReviews.answer(policy(), "authorization.k8s.io/v1", "SelfSubjectRulesReview",
                "selfsubjectrulesreviews", r, ALICE, "").at("/status/resourceRules").size());
    }

    @Test
    void whoamiEchoesTheEffectiveUser() {
        ObjectNode answer = AccessReviews.answer(policy(), "authentication.k8s.io/v1", "SelfSubjectReview",
                "selfsubjectreviews", Json.object(), ALICE, "");
        assertEquals("alice", answer.at("/status/userInfo/username").asText());
        assertEquals(UserInfo.AUTHENTICATED, answer.at("/status/userInfo/groups/0").asText());
    }
}
