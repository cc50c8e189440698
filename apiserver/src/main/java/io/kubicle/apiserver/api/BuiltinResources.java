package io.kubicle.apiserver.api;

import java.util.List;
import java.util.Locale;

/**
 * Every resource kube-apiserver 1.35 serves with default flags, plus Kubicle's own
 * {@code tenancy.kubicle.io/v1alpha1} workspaces. Beta APIs introduced since 1.24 are off by default in
 * kube and so are absent here (MutatingAdmissionPolicy, ClusterTrustBundle, LeaseCandidate,
 * PodCertificateRequest, StorageVersionMigration, ...); so is the alpha {@code pods/checkpoint}.
 *
 * <p>Rows follow kube's discovery documents (the {@code api/discovery/*.json} snapshots of
 * kubernetes/kubernetes and live 1.33+ servers): groups in the order {@code /apis} lists them,
 * resources alphabetically within a group version; verbs, shortNames, categories and subresources
 * exactly as listed there. The singular name is always the lower-cased kind, as in kube.
 *
 * <p>Deliberately left out: {@code apiregistration.k8s.io} (APIService), because Kubicle does not do
 * API aggregation, and advertising it would invite clients to register aggregated servers.
 */
public final class BuiltinResources {
    /** Kubicle's provisioning API group. */
    public static final String TENANCY_GROUP = "tenancy.kubicle.io";

    private static final String CORE = "";
    private static final List<String> ALL = ResourceType.ALL_VERBS;
    /** Namespaces: kube offers no deletecollection on them. */
    private static final List<String> NO_DELETECOLLECTION =
            List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<String> CREATE = List.of("create");
    private static final List<String> GET_LIST = List.of("get", "list");
    private static final List<String> NONE = List.of();
    private static final List<String> CAT_ALL = List.of("all");
    private static final List<String> CAT_API_EXT = List.of("api-extensions");
    private static final List<String> STATUS = List.of("status");
    private static final List<String> SCALE_STATUS = List.of("scale", "status");

    // ns(...) = namespaced, cl(...) = cluster-scoped:
    //  group, version, resource, kind, verbs, shortNames, categories, subresources
    private static final List<ResourceType> ROWS = List.of(
            // core/v1 (/api/v1)
            ns(CORE, "v1", "bindings", "Binding", CREATE, NONE, NONE, NONE),
            cl(CORE, "v1", "componentstatuses", "ComponentStatus", GET_LIST, l("cs"), NONE, NONE),
            ns(CORE, "v1", "configmaps", "ConfigMap", ALL, l("cm"), NONE, NONE),
            ns(CORE, "v1", "endpoints", "Endpoints", ALL, l("ep"), NONE, NONE),
            ns(CORE, "v1", "events", "Event", ALL, l("ev"), NONE, NONE),
            ns(CORE, "v1", "limitranges", "LimitRange", ALL, l("limits"), NONE, NONE),
            cl(CORE, "v1", "namespaces", "Namespace", NO_DELETECOLLECTION, l("ns"), NONE, l("finalize", "status")),
            cl(CORE, "v1", "nodes", "Node", ALL, l("no"), NONE, l("proxy", "status")),
            ns(CORE, "v1", "persistentvolumeclaims", "PersistentVolumeClaim", ALL, l("pvc"), NONE, STATUS),
            cl(CORE, "v1", "persistentvolumes", "PersistentVolume", ALL, l("pv"), NONE, STATUS),
            ns(CORE, "v1", "pods", "Pod", ALL, l("po"), CAT_ALL, l("attach", "binding", "ephemeralcontainers",
                    "eviction", "exec", "log", "portforward", "proxy", "resize", "status")),
            ns(CORE, "v1", "podtemplates", "PodTemplate", ALL, NONE, NONE, NONE),
            ns(CORE, "v1", "replicationcontrollers", "ReplicationController", ALL, l("rc"), CAT_ALL, SCALE_STATUS),
            ns(CORE, "v1", "resourcequotas", "ResourceQuota", ALL, l("quota"), NONE, STATUS),
            ns(CORE, "v1", "secrets", "Secret", ALL, NONE, NONE, NONE),
            ns(CORE, "v1", "serviceaccounts", "ServiceAccount", ALL, l("sa"), NONE, l("token")),
            ns(CORE, "v1", "services", "Service", ALL, l("svc"), CAT_ALL, l("proxy", "status")),
            // apps/v1
            ns("apps", "v1", "controllerrevisions", "ControllerRevision", ALL, NONE, NONE, NONE),
            ns("apps", "v1", "daemonsets", "DaemonSet", ALL, l("ds"), CAT_ALL, STATUS),
            ns("apps", "v1", "deployments", "Deployment", ALL, l("deploy"), CAT_ALL, SCALE_STATUS),
            ns("apps", "v1", "replicasets", "ReplicaSet", ALL, l("rs"), CAT_ALL, SCALE_STATUS),
            ns("apps", "v1", "statefulsets", "StatefulSet", ALL, l("sts"), CAT_ALL, SCALE_STATUS),
            // events.k8s.io/v1
            ns("events.k8s.io", "v1", "events", "Event", ALL, l("ev"), NONE, NONE),
            // authentication.k8s.io/v1
            cl("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", CREATE, NONE, NONE, NONE),
            cl("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", CREATE, NONE, NONE, NONE),
            // authorization.k8s.io/v1
            ns("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", CREATE, NONE, NONE, NONE),
            cl("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", CREATE, NONE, NONE, NONE),
            cl("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", CREATE, NONE, NONE, NONE),
            cl("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", CREATE, NONE, NONE, NONE),
            // autoscaling/v2 (preferred) and v1
            ns("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ALL, l("hpa"), CAT_ALL, STATUS),
            ns("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ALL, l("hpa"), CAT_ALL, STATUS),
            // batch/v1
            ns("batch", "v1", "cronjobs", "CronJob", ALL, l("cj"), CAT_ALL, STATUS),
            ns("batch", "v1", "jobs", "Job", ALL, NONE, CAT_ALL, STATUS),
            // certificates.k8s.io/v1
            cl("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", ALL, l("csr"), NONE,
                    l("approval", "status")),
            // networking.k8s.io/v1
            cl("networking.k8s.io", "v1", "ingressclasses", "IngressClass", ALL, NONE, NONE, NONE),
            ns("networking.k8s.io", "v1", "ingresses", "Ingress", ALL, l("ing"), NONE, STATUS),
            cl("networking.k8s.io", "v1", "ipaddresses", "IPAddress", ALL, l("ip"), NONE, NONE),
            ns("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", ALL, l("netpol"), NONE, NONE),
            cl("networking.k8s.io", "v1", "servicecidrs", "ServiceCIDR", ALL, NONE, NONE, STATUS),
            // policy/v1
            ns("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", ALL, l("pdb"), NONE, STATUS),
            // rbac.authorization.k8s.io/v1
            cl("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", ALL, NONE, NONE, NONE),
            cl("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", ALL, NONE, NONE, NONE),
            ns("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", ALL, NONE, NONE, NONE),
            ns("rbac.authorization.k8s.io", "v1", "roles", "Role", ALL, NONE, NONE, NONE),
            // storage.k8s.io/v1
            cl("storage.k8s.io", "v1", "csidrivers", "CSIDriver", ALL, NONE, NONE, NONE),
            cl("storage.k8s.io", "v1", "csinodes", "CSINode", ALL, NONE, NONE, NONE),
            ns("storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity", ALL, NONE, NONE, NONE),
            cl("storage.k8s.io", "v1", "storageclasses", "StorageClass", ALL, l("sc"), NONE, NONE),
            cl("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", ALL, NONE, NONE, STATUS),
            cl("storage.k8s.io", "v1", "volumeattributesclasses", "VolumeAttributesClass", ALL, l("vac"), NONE, NONE),
            // admissionregistration.k8s.io/v1
            cl("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", ALL,
                    NONE, CAT_API_EXT, NONE),
            cl("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", ALL,
                    NONE, CAT_API_EXT, STATUS),
            cl("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
                    ALL, NONE, CAT_API_EXT, NONE),
            cl("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
                    ALL, NONE, CAT_API_EXT, NONE),
            // apiextensions.k8s.io/v1
            cl("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", ALL, l("crd", "crds"),
                    CAT_API_EXT, STATUS),
            // scheduling.k8s.io/v1
            cl("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", ALL, l("pc"), NONE, NONE),
            // coordination.k8s.io/v1
            ns("coordination.k8s.io", "v1", "leases", "Lease", ALL, NONE, NONE, NONE),
            // node.k8s.io/v1
            cl("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", ALL, NONE, NONE, NONE),
            // discovery.k8s.io/v1
            ns("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", ALL, NONE, NONE, NONE),
            // resource.k8s.io/v1 (Dynamic Resource Allocation, GA since 1.34)
            cl("resource.k8s.io", "v1", "deviceclasses", "DeviceClass", ALL, NONE, NONE, NONE),
            ns("resource.k8s.io", "v1", "resourceclaims", "ResourceClaim", ALL, NONE, NONE, STATUS),
            ns("resource.k8s.io", "v1", "resourceclaimtemplates", "ResourceClaimTemplate", ALL, NONE, NONE, NONE),
            cl("resource.k8s.io", "v1", "resourceslices", "ResourceSlice", ALL, NONE, NONE, NONE),
            // flowcontrol.apiserver.k8s.io/v1
            cl("flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "FlowSchema", ALL, NONE, NONE, STATUS),
            cl("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", "PriorityLevelConfiguration", ALL,
                    NONE, NONE, STATUS),
            // tenancy.kubicle.io/v1alpha1 (Kubicle's provisioning API)
            cl(TENANCY_GROUP, "v1alpha1", "workspaces", "Workspace", ALL, l("ws"), NONE, l("audit", "kubeconfig", "status")));

    private BuiltinResources() {
    }

    /** The rows, in discovery order (immutable). */
    public static List<ResourceType> all() {
        return ROWS;
    }

    private static ResourceType ns(String group, String version, String resource, String kind, List<String> verbs,
                                   List<String> shortNames, List<String> categories, List<String> subresources) {
        return new ResourceType(group, version, resource, kind, kind.toLowerCase(Locale.ROOT), true, verbs,
                shortNames, categories, subresources);
    }

    private static ResourceType cl(String group, String version, String resource, String kind, List<String> verbs,
                                   List<String> shortNames, List<String> categories, List<String> subresources) {
        return new ResourceType(group, version, resource, kind, kind.toLowerCase(Locale.ROOT), false, verbs,
                shortNames, categories, subresources);
    }

    private static List<String> l(String... values) {
        return List.of(values);
    }
}
