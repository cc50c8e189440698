package io.kubicle.apiserver.authz;

import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.RequestInfo;

/** Authorization attributes of a resource request, with kube's RequestInfoFactory adjustments. */
final class RequestAttributes {
    private RequestAttributes() {
    }

    static Attributes of(UserInfo user, RequestInfo info, String fieldSelector) {
        return of(user, info, fieldSelector, false);
    }

    /**
     * {@code upgrade}: the request asks to switch protocols. A WebSocket exec, attach or port-forward is a GET, and
     * kube (AuthorizePodWebsocketUpgradeCreatePermission) authorizes it as the create it is, so {@code get} on
     * pods/exec alone does not let anyone run commands.
     */
    static Attributes of(UserInfo user, RequestInfo info, String fieldSelector, boolean upgrade) {
        String verb = info.verb();
        if (upgrade && verb.equals("get") && info.group().isEmpty() && info.resource().equals("pods")
                && java.util.List.of("exec", "attach", "portforward").contains(info.subresource())) {
            verb = "create";
        }
        String name = info.name();
        String namespace = info.namespace();
        if (verb.equals("watch") && !name.isEmpty()) {
            verb = "get"; // kube decides list/watch only for collections
        }
        if ((verb.equals("list") || verb.equals("watch")) && name.isEmpty()) {
            name = exactName(fieldSelector);
        }
        if (info.legacy() && info.resource().equals("namespaces") && namespace.isEmpty()) {
            namespace = info.name(); // a namespace is addressed within itself
        }
        return Attributes.resource(user, verb, info.group(), info.version(), info.resource(), info.subresource(),
                namespace, name);
    }

    /** metadata.name=X (or ==X) in a field selector, as fields.Selector.RequiresExactMatch finds it. */
    static String exactName(String selector) {
        if (selector == null || selector.isEmpty()) {
            return "";
        }
        for (String term : selector.split(",")) {
            String t = term.trim();
            for (String prefix : new String[] {"metadata.name==", "metadata.name="}) {
                if (t.startsWith(prefix)) {
                    String value = t.substring(prefix.length());
                    return value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")
                            || value.contains("%") ? "" : value;
                }
            }
        }
        return "";
    }
}
