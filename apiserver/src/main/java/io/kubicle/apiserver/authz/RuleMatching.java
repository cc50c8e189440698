package io.kubicle.apiserver.authz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule semantics as kube's rbac validation package defines them: whether a rule allows a request,
 * and whether one set of rules covers another (escalation checks), with kube's breakdown and
 * compaction of the rules that are missing.
 */
public final class RuleMatching {
    static final String ALL = "*";

    private RuleMatching() {
    }

    public static boolean allows(Attributes request, PolicyRule rule) {
        if (request.resourceRequest()) {
            String combined = request.subresource().isEmpty() ? request.resource()
                    : request.resource() + "/" + request.subresource();
            return matchesOrAll(rule.verbs(), request.verb())
                    && matchesOrAll(rule.apiGroups(), request.group())
                    && resourceMatches(rule, combined, request.subresource())
                    && (rule.resourceNames().isEmpty() || rule.resourceNames().contains(request.name()));
        }
        return matchesOrAll(rule.verbs(), request.verb()) && nonResourceURLMatches(rule, request.path());
    }

    private static boolean matchesOrAll(List<String> values, String requested) {
        return values.contains(ALL) || values.contains(requested);
    }

    private static boolean resourceMatches(PolicyRule rule, String combined, String subresource) {
        for (String r : rule.resources()) {
            if (r.equals(ALL) || r.equals(combined)) {
                return true;
            }
            // "*/status" matches the status subresource of every resource
            if (!subresource.isEmpty() && r.length() == subresource.length() + 2 && r.startsWith("*/")
                    && r.endsWith(subresource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonResourceURLMatches(PolicyRule rule, String path) {
        for (String url : rule.nonResourceURLs()) {
            if (nonResourceURLCovers(url, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonResourceURLCovers(String owner, String path) {
        if (owner.equals(ALL) || owner.equals(path)) {
            return true;
        }
        return owner.endsWith("*") && path.startsWith(owner.replaceAll("\\*+$", ""));
    }

    /** The atomic rules of {@code servant} that no rule of {@code owner} covers (empty: covered). */
    public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> servant) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : servant) {
            for (PolicyRule sub : breakdown(rule)) {
                if (owner.stream().noneMatch(o -> covers(o, sub))) {
                    missing.add(sub);
                }
            }
        }
        return missing;
    }

    static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> subs = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        subs.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(), List.of()));
                    } else {
                        for (String name : rule.resourceNames()) {
                            subs.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(name),
                                    List.of()));
                        }
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                subs.add(PolicyRule.urls(List.of(verb), List.of(url)));
            }
        }
        return subs;
    }

    static boolean covers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = owner.verbs().contains(ALL) || owner.verbs().containsAll(sub.verbs());
        boolean groups = owner.apiGroups().contains(ALL) || owner.apiGroups().containsAll(sub.apiGroups());
        boolean resources = resourcesCover(owner.resources(), sub.resources());
        boolean urls = sub.nonResourceURLs().stream()
                .allMatch(p -> owner.nonResourceURLs().stream().anyMatch(o -> nonResourceURLCoversForEscalation(o, p)));
        boolean names = sub.resourceNames().isEmpty() ? owner.resourceNames().isEmpty()
                : owner.resourceNames().isEmpty() || owner.resourceNames().containsAll(sub.resourceNames());
        return verbs && groups && resources && names && urls;
    }

    // kube's escalation check has no "*" special case beyond the trailing-star prefix rule
    private static boolean nonResourceURLCoversForEscalation(String owner, String path) {
        return owner.equals(path) || owner.endsWith("*") && path.startsWith(owner.replaceAll("\\*+$", ""));
    }

    private static boolean resourcesCover(List<String> owner, List<String> wanted) {
        if (owner.contains(ALL) || owner.containsAll(wanted)) {
            return true;
        }
        for (String path : wanted) {
            if (owner.contains(path)) {
                continue;
            }
            int slash = path.indexOf('/');
            if (slash < 0 || !owner.contains("*/" + path.substring(slash + 1))) {
                return false;
            }
        }
        return true;
    }

    /** kube's CompactRules: atomic rules on the same single resource (and name) merge their verbs. */
    public static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
        for (PolicyRule rule : rules) {
            boolean isSimple = rule.resourceNames().size() <= 1 && rule.nonResourceURLs().isEmpty()
                    && rule.apiGroups().size() == 1 && rule.resources().size() == 1;
            if (!isSimple) {
                out.add(rule);
                continue;
            }
            List<String> key = List.of(rule.apiGroups().get(0), rule.resources().get(0),
                    rule.resourceNames().isEmpty() ? "" : "=" + rule.resourceNames().get(0));
            PolicyRule existing = simple.get(key);
            if (existing == null) {
                simple.put(key, rule);
            } else {
                List<String> verbs = new ArrayList<>(existing.verbs());
                verbs.addAll(rule.verbs());
                simple.put(key, new PolicyRule(verbs, existing.apiGroups(), existing.resources(),
                        existing.resourceNames(), List.of()));
            }
        }
        out.addAll(simple.values());
        return out;
    }
}
