package io.kubicle.apiserver.authz;

import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.UserInfo;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Impersonate-* headers, as k8s.io/apiserver's impersonation filter handles them: each requested
 * identity part is authorized for the real user with verb "impersonate" (users, groups,
 * serviceaccounts and, in authentication.k8s.io, uids and userextras/<key>), then the request goes on
 * as the impersonated user, who is authenticated like any other.
 */
public final class Impersonation {
    static final String USER = "Impersonate-User";
    static final String GROUP = "Impersonate-Group";
    static final String UID = "Impersonate-Uid";
    static final String EXTRA_PREFIX = "Impersonate-Extra-";

    private Impersonation() {
    }

    public static boolean requested(MultiMap headers) {
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "Impersonate-", 0, "Impersonate-".length())) {
                return true;
            }
        }
        return false;
    }

    /** The identity to act as, or a 403/400 failure; {@code requester} is who authenticated. */
    public static UserInfo impersonate(RbacPolicy policy, UserInfo requester, MultiMap headers) {
        String user = headers.get(USER);
        List<String> groups = headers.getAll(GROUP);
        String uid = headers.get(UID);
        Map<String, List<String>> extras = new LinkedHashMap<>();
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length())) {
                String key = unescape(name.substring(EXTRA_PREFIX.length())).toLowerCase(java.util.Locale.ROOT);
                extras.put(key, headers.getAll(name));
            }
        }
        if (user == null || user.isEmpty()) {
            if (!groups.isEmpty() || !extras.isEmpty() || uid != null) {
                // kube answers this with an internal error, printing its requests as Go structs
                throw Statuses.internal("requested " + describe(groups, extras, uid) + " without impersonating a user");
            }
            return requester;
        }
        List<Attributes> checks = new ArrayList<>();
        List<String> effectiveGroups = new ArrayList<>();
        if (user.startsWith(RbacEvaluator.SERVICE_ACCOUNT_PREFIX)) {
            String[] parts = user.substring(RbacEvaluator.SERVICE_ACCOUNT_PREFIX.length()).split(":", 2);
            String namespace = parts[0];
            String name = parts.length > 1 ? parts[1] : "";
            checks.add(Attributes.resource(requester, "impersonate", "", "", "serviceaccounts", "", namespace, name));
            if (groups.isEmpty()) {
                effectiveGroups.add("system:serviceaccounts");
                effectiveGroups.add("system:serviceaccounts:" + namespace);
            }
        } else {
            checks.add(Attributes.resource(requester, "impersonate", "", "", "users", "", "", user));
        }
        for (String group : groups) {
            checks.add(Attributes.resource(requester, "impersonate", "", "", "groups", "", "", group));
            effectiveGroups.add(group);
        }
        for (Map.Entry<String, List<String>> extra : extras.entrySet()) {
            for (String value : extra.getValue()) {
                checks.add(Attributes.resource(requester, "impersonate", "authentication.k8s.io", "", "userextras",
                        extra.getKey(), "", value));
            }
        }
        if (uid != null) {
            checks.add(Attributes.resource(requester, "impersonate", "authentication.k8s.io", "", "uids", "", "", uid));
        }
        for (Attributes check : checks) {
            RbacEvaluator.Decision decision = RbacEvaluator.authorize(policy, check);
            if (!decision.allowed()) {
                throw Denials.forbidden(check, decision.reason());
            }
        }
        if (user.equals("system:anonymous")) {
            if (!effectiveGroups.contains("system:unauthenticated")) {
                effectiveGroups.add("system:unauthenticated");
            }
        } else if (!effectiveGroups.contains(UserInfo.AUTHENTICATED) && !effectiveGroups.contains("system:unauthenticated")) {
            effectiveGroups.add(UserInfo.AUTHENTICATED);
        }
        return new UserInfo(user, effectiveGroups);
    }

    private static String describe(List<String> groups, Map<String, List<String>> extras, String uid) {
        List<String> parts = new ArrayList<>();
        // %v of v1.ObjectReference{Kind, Namespace, Name, UID, APIVersion, ResourceVersion, FieldPath}
        groups.forEach(g -> parts.add("{Group  " + g + "    }"));
        extras.forEach((k, v) -> v.forEach(value -> parts.add("{UserExtra  " + value + "  authentication.k8s.io/v1  " + k
                + "}")));
        if (uid != null) {
            parts.add("{UID  " + uid + "  authentication.k8s.io/v1  }");
        }
        return "[" + String.join(" ", parts) + "]";
    }

    /** Extra keys are percent-encoded in header names (kube does the same to allow '/' etc.). */
    private static String unescape(String key) {
        try {
            return java.net.URLDecoder.decode(key.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }
}
