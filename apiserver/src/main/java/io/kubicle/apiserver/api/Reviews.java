package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.UserInfo;

/**
 * The create-only review kinds kubectl uses to ask about itself: SelfSubjectReview (auth whoami),
 * SelfSubjectAccessReview (auth can-i) and SelfSubjectRulesReview (auth can-i --list). Until
 * per-workspace RBAC exists every authenticated identity is a cluster-admin (system:masters), so
 * access reviews allow everything and say why.
 */
final class Reviews {
    private Reviews() {
    }

    static boolean handles(ResourceType type) {
        return type.group().equals("authentication.k8s.io") && type.resource().equals("selfsubjectreviews")
                || type.group().equals("authorization.k8s.io") && (type.resource().equals("selfsubjectaccessreviews")
                || type.resource().equals("selfsubjectrulesreviews"));
    }

    static ObjectNode answer(ResourceType type, ObjectNode request, UserInfo user) {
        ObjectNode response = request.deepCopy();
        response.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        ObjectNode meta = Json.metadata(response);
        meta.put("creationTimestamp", (String) null);
        ObjectNode status = response.putObject("status");
        switch (type.resource()) {
            case "selfsubjectreviews" -> {
                ObjectNode info = status.putObject("userInfo");
                info.put("username", user.name());
                ArrayNode groups = info.putArray("groups");
                user.groups().forEach(groups::add);
            }
            case "selfsubjectaccessreviews" -> {
                boolean allowed = user.groups().contains(UserInfo.MASTERS);
                status.put("allowed", allowed);
                status.put("reason", allowed ? "the user is in group system:masters" : "no RBAC policy matched");
            }
            default -> {
                boolean all = user.groups().contains(UserInfo.MASTERS);
                ArrayNode rules = status.putArray("resourceRules");
                ArrayNode nonResource = status.putArray("nonResourceRules");
                if (all) {
                    ObjectNode rule = rules.addObject();
                    rule.putArray("verbs").add("*");
                    rule.putArray("apiGroups").add("*");
                    rule.putArray("resources").add("*");
                    ObjectNode nr = nonResource.addObject();
                    nr.putArray("verbs").add("*");
                    nr.putArray("nonResourceURLs").add("*");
                }
                status.put("incomplete", false);
            }
        }
        return response;
    }
}
