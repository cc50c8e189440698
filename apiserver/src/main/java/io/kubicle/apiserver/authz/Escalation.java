package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * kube's RBAC escalation prevention (registry/rbac/*&#47;policybased): a Role or ClusterRole may only be
 * written by someone holding every permission in it (or allowed to "escalate"), a binding only by
 * someone allowed to "bind" its role or holding all of the role's permissions. system:masters may do
 * anything. Each method returns null when the write may go ahead, else the 403 to answer.
 */
public final class Escalation {
    private static final String GROUP = PolicyCache.GROUP;
    private static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")),
            PolicyRule.urls(List.of("*"), List.of("*")));

    private Escalation() {
    }

    /** {@code resource} is roles or clusterroles; {@code name} is the URL's name ("" on create). */
    public static ApiError checkRole(RbacPolicy policy, UserInfo user, String resource, String namespace, String urlName,
                                     JsonNode role) {
        if (user.groups().contains(UserInfo.MASTERS)) {
            return null;
        }
        String name = role.path("metadata").path("name").asText(urlName);
        Attributes escalate = Attributes.resource(user, "escalate", GROUP, "", resource, "", namespace, urlName);
        if (RbacEvaluator.authorize(policy, escalate).allowed()) {
            return null;
        }
        String missing = missing(policy, user, namespace, PolicyRule.listFrom(role.get("rules")));
        if (missing != null) {
            return Statuses.forbidden(GROUP, resource, name, missing);
        }
        if (resource.equals("clusterroles") && Aggregation.isAggregated(role)
                && missing(policy, user, namespace, FULL_AUTHORITY) != null) {
            return Statuses.forbidden(GROUP, resource, name, "must have cluster-admin privileges to use the aggregationRule");
        }
        return null;
    }

    /** {@code resource} is rolebindings or clusterrolebindings; the binding's roleRef decides. */
    public static ApiError checkBinding(RbacPolicy policy, UserInfo user, String resource, String namespace,
                                        JsonNode binding) {
        if (user.groups().contains(UserInfo.MASTERS)) {
            return null;
        }
        String name = binding.path("metadata").path("name").asText("");
        JsonNode ref = binding.path("roleRef");
        String kind = ref.path("kind").asText("");
        String roleName = ref.path("name").asText("");
        Attributes bind = Attributes.resource(user, "bind", GROUP, "", kind.equals("Role") ? "roles" : "clusterroles", "",
                namespace, roleName);
        if (RbacEvaluator.authorize(policy, bind).allowed()) {
            return null;
        }
        List<String> errors = new ArrayList<>();
        List<PolicyRule> rules = RbacEvaluator.roleReferenceRules(policy, kind, roleName, namespace, errors);
        if (!errors.isEmpty()) {
            // the registry reads the role through its REST storage, so the resource is plural here
            return Statuses.forbidden(GROUP, resource, name, errors.get(0)
                    .replace("role.rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io")
                    .replace("clusterrole.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io"));
        }
        String missing = missing(policy, user, namespace, rules);
        return missing == null ? null : Statuses.forbidden(GROUP, resource, name, missing);
    }

    /** ConfirmNoEscalation's message, or null when the user holds every rule. */
    static String missing(RbacPolicy policy, UserInfo user, String namespace, List<PolicyRule> wanted) {
        RbacEvaluator.Rules owned = RbacEvaluator.rulesFor(policy, user, namespace);
        List<PolicyRule> uncovered = RuleMatching.uncovered(owned.rules(), wanted);
        if (uncovered.isEmpty()) {
            return null;
        }
        TreeSet<String> descriptions = new TreeSet<>();
        RuleMatching.compact(uncovered).forEach(r -> descriptions.add(r.compactString()));
        String message = "user " + GoQuote.quote(user.name()) + " (groups=" + GoQuote.list(user.groups())
                + ") is attempting to grant RBAC permissions not currently held:\n" + String.join("\n", descriptions);
        if (!owned.errors().isEmpty()) {
            message += "; resolution errors: [" + String.join(" ", owned.errors()) + "]";
        }
        return message;
    }
}
