package io.kubicle.apiserver.authz;

import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;

/** The 403 kube-apiserver's authorization filter writes (responsewriters.Forbidden), word for word. */
public final class Denials {
    private Denials() {
    }

    public static ApiError forbidden(Attributes a, String reason) {
        String message = message(a);
        String why = reason == null || reason.isEmpty() ? message : message + ": " + reason;
        if (!a.resourceRequest()) {
            return Statuses.forbidden("", "", "", why);
        }
        return Statuses.forbidden(a.group(), a.resource(), a.name(), why);
    }

    static String message(Attributes a) {
        String user = GoQuote.quote(a.user().name());
        if (!a.resourceRequest()) {
            return "User " + user + " cannot " + a.verb() + " path " + GoQuote.quote(a.path());
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String what = "User " + user + " cannot " + a.verb() + " resource " + GoQuote.quote(resource) + " in API group "
                + GoQuote.quote(a.group());
        return a.namespace().isEmpty() ? what + " at the cluster scope"
                : what + " in the namespace " + GoQuote.quote(a.namespace());
    }
}
