package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes API request, parsed once from method, path and query (as k8s.io/apiserver's
 * RequestInfoFactory does). The path has already lost its {@code /clusters/<workspace>} prefix.
 *
 * @param verb get, list, watch, create, update, patch, delete, deletecollection
 * @param legacy true for /api (the core group), false for /apis
 * @param namespace the namespace from the URL, "" when none
 * @param name the object name from the URL, "" for collections
 * @param subresource e.g. "status", "scale", "" for the object itself
 */
public record RequestInfo(String verb, boolean legacy, String group, String version, String resource,
                          String namespace, String name, String subresource) {

    /** Parses /api/v1/... or /apis/group/version/...; returns null for paths that are not resource requests. */
    public static RequestInfo parse(String method, String path, boolean watchParam) {
        List<String> parts = segments(path);
        if (parts.isEmpty()) {
            return null;
        }
        boolean legacy;
        String group;
        String version;
        if (parts.get(0).equals("api")) {
            if (parts.size() < 3) {
                return null; // /api or /api/v1: discovery
            }
            legacy = true;
            group = "";
            version = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("apis")) {
            if (parts.size() < 4) {
                return null; // /apis, /apis/g, /apis/g/v: discovery
            }
            legacy = false;
            group = parts.get(1);
            version = parts.get(2);
            parts = parts.subList(3, parts.size());
        } else {
            return null;
        }
        String namespace = "";
        // /namespaces/{ns}/{resource}/... addresses a namespaced resource; /namespaces/{name}[/{sub}] a namespace.
        if (parts.get(0).equals("namespaces") && parts.size() >= 3) {
            namespace = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("namespaces") && parts.size() == 2) {
            return resolve(method, watchParam, legacy, group, version, "namespaces", "", parts.get(1), "");
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : "";
        // a proxy's path goes on to the far end; the subresource is "proxy", as kube's RequestInfo has it
        String sub = parts.size() > 2 ? parts.get(2).equals("proxy") ? "proxy" : String.join("/", parts.subList(2, parts.size())) : "";
        if (!namespace.isEmpty() && parts.size() == 1 && (resource.equals("status") || resource.equals("finalize"))) {
            // /namespaces/{name}/status and /namespaces/{name}/finalize are subresources of a namespace
            return resolve(method, watchParam, legacy, group, version, "namespaces", "", namespace, resource);
        }
        return resolve(method, watchParam, legacy, group, version, resource, namespace, name, sub);
    }

    /** The path's segments, runs of slashes as one (every request comes here: no regular expressions). */
    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>(8);
        int i = 0;
        int n = path.length();
        while (i < n) {
            while (i < n && path.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < n && path.charAt(i) != '/') {
                i++;
            }
            if (i > start) {
                parts.add(path.substring(start, i));
            }
        }
        return parts;
    }

    private static RequestInfo resolve(String method, boolean watchParam, boolean legacy, String group, String version,
                                       String resource, String namespace, String name, String sub) {
        String verb = switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            case "GET", "HEAD" -> watchParam ? "watch" : name.isEmpty() ? "list" : "get";
            default -> throw Statuses.methodNotAllowed(method);
        };
        return new RequestInfo(verb, legacy, group, version, resource, namespace, name, sub);
    }

    public boolean isCollection() {
        return name.isEmpty();
    }
}
