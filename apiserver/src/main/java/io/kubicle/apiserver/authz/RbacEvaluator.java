package io.kubicle.apiserver.authz;

import io.kubicle.apiserver.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RBAC evaluation exactly as kube's plugin/pkg/auth/authorizer/rbac: visit the rules of every
 * ClusterRoleBinding, then every RoleBinding of the request's namespace, whose subjects include the
 * user; the first rule that allows the request decides. Bindings to missing roles contribute errors
 * that end up in the denial reason. Users in system:masters are allowed everything, as kube's
 * privileged-group authorizer does.
 */
public final class RbacEvaluator {
    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private RbacEvaluator() {
    }

    /** An authorization decision; {@code reason} is what SubjectAccessReview and 403s report. */
    public record Decision(boolean allowed, String reason) {
    }

    /** Rules a user holds in a namespace ("" = cluster-wide only), with the resolution errors met on the way. */
    public record Rules(List<PolicyRule> rules, List<String> errors) {
    }

    private interface Visitor {
        /** Returns false to stop visiting. */
        boolean visit(String source, PolicyRule rule, String error);
    }

    public static Decision authorize(RbacPolicy policy, Attributes request) {
        if (request.user().groups().contains(UserInfo.MASTERS)) {
            return new Decision(true, "");
        }
        String[] allowedBy = {null};
        Set<String> errors = new LinkedHashSet<>();
        visitRules(policy, request.user(), request.namespace(), (source, rule, error) -> {
            if (rule != null && RuleMatching.allows(request, rule)) {
                allowedBy[0] = "RBAC: allowed by " + source;
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return new Decision(true, allowedBy[0]);
        }
        return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + aggregate(new ArrayList<>(errors)));
    }

    public static Rules rulesFor(RbacPolicy policy, UserInfo user, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRules(policy, user, namespace, (source, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new Rules(rules, errors);
    }

    /** The rules a binding's roleRef grants, or an error in kube's words when the role is missing. */
    static List<PolicyRule> roleReferenceRules(RbacPolicy policy, String kind, String name, String bindingNamespace,
                                               List<String> errors) {
        List<PolicyRule> rules;
        switch (kind) {
            case "Role" -> {
                rules = policy.role(bindingNamespace, name);
                if (rules == null) {
                    errors.add("role.rbac.authorization.k8s.io " + GoQuote.quote(name) + " not found");
                }
            }
            case "ClusterRole" -> {
                rules = policy.clusterRole(name);
                if (rules == null) {
                    errors.add("clusterrole.rbac.authorization.k8s.io " + GoQuote.quote(name) + " not found");
                }
            }
            default -> {
                rules = null;
                errors.add("unsupported role reference kind: " + GoQuote.quote(kind));
            }
        }
        return rules == null ? List.of() : rules;
    }

    /** utilerrors.NewAggregate(...).Error(): one message alone, several in brackets. */
    static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    }

    private static void visitRules(RbacPolicy policy, UserInfo user, String namespace, Visitor visitor) {
        for (Binding binding : policy.clusterRoleBindings()) {
            Binding.Subject subject = appliesTo(user, binding, "");
            if (subject == null) {
                continue;
            }
            if (!visitBinding(policy, binding, subject, "", visitor)) {
                return;
            }
        }
        if (namespace.isEmpty()) {
            return;
        }
        for (Binding binding : policy.roleBindings(namespace)) {
            Binding.Subject subject = appliesTo(user, binding, namespace);
            if (subject == null) {
                continue;
            }
            if (!visitBinding(policy, binding, subject, namespace, visitor)) {
                return;
            }
        }
    }

    private static boolean visitBinding(RbacPolicy policy, Binding binding, Binding.Subject subject, String namespace,
                                        Visitor visitor) {
        List<String> errors = new ArrayList<>();
        List<PolicyRule> rules = roleReferenceRules(policy, binding.roleKind(), binding.roleName(), namespace, errors);
        for (String error : errors) {
            if (!visitor.visit(null, null, error)) {
                return false;
            }
        }
        String source = describe(binding, subject);
        for (PolicyRule rule : rules) {
            if (!visitor.visit(source, rule, null)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Binding binding, Binding.Subject subject) {
        if (binding.namespace().isEmpty()) {
            return "ClusterRoleBinding " + GoQuote.quote(binding.name()) + " of " + binding.roleKind() + " "
                    + GoQuote.quote(binding.roleName()) + " to " + subject.describe("");
        }
        return "RoleBinding " + GoQuote.quote(binding.name() + "/" + binding.namespace()) + " of " + binding.roleKind()
                + " " + GoQuote.quote(binding.roleName()) + " to " + subject.describe(binding.namespace());
    }

    private static Binding.Subject appliesTo(UserInfo user, Binding binding, String namespace) {
        for (Binding.Subject subject : binding.subjects()) {
            if (appliesTo(user, subject, namespace)) {
                return subject;
            }
        }
        return null;
    }

    private static boolean appliesTo(UserInfo user, Binding.Subject subject, String namespace) {
        switch (subject.kind()) {
            case "User":
                return user.name().equals(subject.name());
            case "Group":
                return user.groups().contains(subject.name());
            case "ServiceAccount":
                String saNamespace = subject.namespace().isEmpty() ? namespace : subject.namespace();
                return !saNamespace.isEmpty()
                        && user.name().equals(SERVICE_ACCOUNT_PREFIX + saNamespace + ":" + subject.name());
            default:
                return false;
        }
    }
}
