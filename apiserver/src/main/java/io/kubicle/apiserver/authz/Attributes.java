package io.kubicle.apiserver.authz;

import io.kubicle.apiserver.UserInfo;

/**
 * What is being asked, as k8s.io/apiserver's authorizer.Attributes: a resource request (verb, group,
 * resource, subresource, namespace, name) or a non-resource request (verb, path).
 */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String group, String version,
                         String resource, String subresource, String namespace, String name, String path) {

    public static Attributes resource(UserInfo user, String verb, String group, String version, String resource,
                                      String subresource, String namespace, String name) {
        return new Attributes(user, verb, true, nz(group), nz(version), nz(resource), nz(subresource), nz(namespace),
                nz(name), "");
    }

    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, false, "", "", "", "", "", "", path);
    }

    public Attributes withUser(UserInfo other) {
        return new Attributes(other, verb, resourceRequest, group, version, resource, subresource, namespace, name, path);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
