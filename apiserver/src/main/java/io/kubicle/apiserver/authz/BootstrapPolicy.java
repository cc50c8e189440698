package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The default RBAC objects of every workspace: the user-facing part of kube-apiserver 1.35's
 * bootstrap policy (cluster-admin, the aggregated admin/edit/view roles and what they aggregate,
 * discovery and self-review roles, and their bindings). Objects carry no uid or timestamps yet.
 */
public final class BootstrapPolicy {
    public static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
    public static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
    public static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    private static final List<String> READ_WRITE = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private static final List<String> CREATE = List.of("create");

    private BootstrapPolicy() {
    }

    /** ClusterRoles first, then ClusterRoleBindings, each a complete API object. */
    public static List<ObjectNode> objects() {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(aggregated("admin", AGGREGATE_TO_ADMIN, null));
        objects.add(clusterRole("cluster-admin", null, List.of(
                rule(List.of("*"), List.of("*"), List.of("*")),
                PolicyRule.urls(List.of("*"), List.of("*")))));
        objects.add(aggregated("edit", AGGREGATE_TO_EDIT, AGGREGATE_TO_ADMIN));
        objects.add(aggregated("view", AGGREGATE_TO_VIEW, AGGREGATE_TO_EDIT));
        objects.add(clusterRole("system:aggregate-to-admin", AGGREGATE_TO_ADMIN, List.of(
                rule(CREATE, List.of("authorization.k8s.io"), List.of("localsubjectaccessreviews")),
                rule(READ_WRITE, List.of("rbac.authorization.k8s.io"), List.of("rolebindings", "roles")))));
        objects.add(clusterRole("system:aggregate-to-edit", AGGREGATE_TO_EDIT, aggregateToEdit()));
        objects.add(clusterRole("system:aggregate-to-view", AGGREGATE_TO_VIEW, aggregateToView()));
        // what metrics-server installs beside its APIService: whoever may view a namespace may read its pods' metrics
        objects.add(clusterRole("system:aggregated-metrics-reader", AGGREGATE_TO_VIEW, List.of(
                rule(READ, List.of("metrics.k8s.io"), List.of("pods", "nodes")))));
        objects.add(clusterRole("system:auth-delegator", null, List.of(
                rule(CREATE, List.of("authentication.k8s.io"), List.of("tokenreviews")),
                rule(CREATE, List.of("authorization.k8s.io"), List.of("subjectaccessreviews")))));
        objects.add(clusterRole("system:basic-user", null, List.of(
                rule(CREATE, List.of("authorization.k8s.io"), List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
                rule(CREATE, List.of("authentication.k8s.io"), List.of("selfsubjectreviews")))));
        objects.add(clusterRole("system:discovery", null, List.of(PolicyRule.urls(List.of("get"), List.of(
                "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz",
                "/version", "/version/")))));
        objects.add(clusterRole("system:public-info-viewer", null, List.of(PolicyRule.urls(List.of("get"), List.of(
                "/healthz", "/livez", "/readyz", "/version", "/version/")))));
        objects.add(binding("cluster-admin", "Group", List.of("system:masters")));
        objects.add(binding("system:basic-user", "Group", List.of("system:authenticated")));
        objects.add(binding("system:discovery", "Group", List.of("system:authenticated")));
        objects.add(binding("system:public-info-viewer", "Group", List.of("system:authenticated",
                "system:unauthenticated")));
        Aggregation.fill(objects);
        return objects;
    }

    private static List<PolicyRule> aggregateToEdit() {
        return List.of(
                rule(READ, List.of(""), List.of("pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
                        "services/proxy")),
                rule(List.of("impersonate"), List.of(""), List.of("serviceaccounts")),
                rule(WRITE, List.of(""), List.of("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy")),
                rule(CREATE, List.of(""), List.of("pods/eviction")),
                rule(WRITE, List.of(""), List.of("configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                        "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy")),
                rule(CREATE, List.of(""), List.of("serviceaccounts/token")),
                rule(WRITE, List.of("apps"), List.of("daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale")),
                rule(WRITE, List.of("autoscaling"), List.of("horizontalpodautoscalers")),
                rule(WRITE, List.of("batch"), List.of("cronjobs", "jobs")),
                rule(WRITE, List.of("extensions"), List.of("daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale",
                        "replicationcontrollers/scale")),
                rule(WRITE, List.of("policy"), List.of("poddisruptionbudgets")),
                rule(WRITE, List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies")),
                rule(READ_WRITE, List.of("coordination.k8s.io"), List.of("leases")));
    }

    private static List<PolicyRule> aggregateToView() {
        return List.of(
                rule(READ, List.of(""), List.of("configmaps", "endpoints", "persistentvolumeclaims",
                        "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale",
                        "serviceaccounts", "services", "services/status")),
                rule(READ, List.of(""), List.of("bindings", "events", "limitranges", "namespaces/status", "pods/log",
                        "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status")),
                rule(READ, List.of(""), List.of("namespaces")),
                rule(READ, List.of("discovery.k8s.io"), List.of("endpointslices")),
                rule(READ, List.of("apps"), List.of("controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status")),
                rule(READ, List.of("autoscaling"), List.of("horizontalpodautoscalers", "horizontalpodautoscalers/status")),
                rule(READ, List.of("batch"), List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status")),
                rule(READ, List.of("extensions"), List.of("daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
                        "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale")),
                rule(READ, List.of("policy"), List.of("poddisruptionbudgets", "poddisruptionbudgets/status")),
                rule(READ, List.of("networking.k8s.io"), List.of("ingresses", "ingresses/status", "networkpolicies")));
    }

    private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources) {
        return PolicyRule.resources(verbs, groups, resources);
    }

    private static ObjectNode clusterRole(String name, String aggregateTo, List<PolicyRule> rules) {
        ObjectNode role = base("ClusterRole", name, aggregateTo);
        role.set("rules", PolicyRule.toJson(rules));
        return role;
    }

    /** A role whose rules the aggregation controller fills from ClusterRoles labelled {@code selectorLabel}. */
    private static ObjectNode aggregated(String name, String selectorLabel, String aggregateTo) {
        ObjectNode role = base("ClusterRole", name, aggregateTo);
        role.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject()
                .putObject("matchLabels").put(selectorLabel, "true");
        role.putArray("rules");
        return role;
    }

    private static ObjectNode binding(String roleName, String subjectKind, List<String> subjectNames) {
        ObjectNode binding = base("ClusterRoleBinding", roleName, null);
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole")
                .put("name", roleName);
        ArrayNode subjects = binding.putArray("subjects");
        for (String name : subjectNames) {
            subjects.addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", subjectKind).put("name", name);
        }
        return binding;
    }

    private static ObjectNode base(String kind, String name, String aggregateTo) {
        ObjectNode object = Json.object();
        object.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        ObjectNode meta = object.putObject("metadata");
        meta.put("name", name);
        meta.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        ObjectNode labels = meta.putObject("labels");
        labels.put("kubernetes.io/bootstrapping", "rbac-defaults");
        if (aggregateTo != null) {
            labels.put(aggregateTo, "true");
        }
        return object;
    }
}
