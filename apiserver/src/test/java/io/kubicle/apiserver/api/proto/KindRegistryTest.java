package io.kubicle.apiserver.api.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindRegistryTest {
    /** Every kind kubectl 1.35 and helm 4 send as protobuf (COMPATIBILITY.md item 2), and a few more. */
    private static final String[][] SENT_AS_PROTOBUF = {
        {"v1", "Namespace", "k8s.io.api.core.v1.Namespace"},
        {"v1", "ConfigMap", "k8s.io.api.core.v1.ConfigMap"},
        {"v1", "Secret", "k8s.io.api.core.v1.Secret"},
        {"v1", "Service", "k8s.io.api.core.v1.Service"},
        {"v1", "ServiceAccount", "k8s.io.api.core.v1.ServiceAccount"},
        {"v1", "ResourceQuota", "k8s.io.api.core.v1.ResourceQuota"},
        {"v1", "Pod", "k8s.io.api.core.v1.Pod"},
        {"v1", "Event", "k8s.io.api.core.v1.Event"},
        {"apps/v1", "Deployment", "k8s.io.api.apps.v1.Deployment"},
        {"batch/v1", "Job", "k8s.io.api.batch.v1.Job"},
        {"batch/v1", "CronJob", "k8s.io.api.batch.v1.CronJob"},
        {"rbac.authorization.k8s.io/v1", "Role", "k8s.io.api.rbac.v1.Role"},
        {"rbac.authorization.k8s.io/v1", "RoleBinding", "k8s.io.api.rbac.v1.RoleBinding"},
        {"rbac.authorization.k8s.io/v1", "ClusterRole", "k8s.io.api.rbac.v1.ClusterRole"},
        {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "k8s.io.api.rbac.v1.ClusterRoleBinding"},
        {"scheduling.k8s.io/v1", "PriorityClass", "k8s.io.api.scheduling.v1.PriorityClass"},
        {"policy/v1", "PodDisruptionBudget", "k8s.io.api.policy.v1.PodDisruptionBudget"},
        {"policy/v1", "Eviction", "k8s.io.api.policy.v1.Eviction"},
        {"networking.k8s.io/v1", "Ingress", "k8s.io.api.networking.v1.Ingress"},
        {"authentication.k8s.io/v1", "TokenRequest", "k8s.io.api.authentication.v1.TokenRequest"},
        {"authentication.k8s.io/v1", "SelfSubjectReview", "k8s.io.api.authentication.v1.SelfSubjectReview"},
        {"authorization.k8s.io/v1", "SelfSubjectAccessReview",
            "k8s.io.api.authorization.v1.SelfSubjectAccessReview"},
        {"authorization.k8s.io/v1", "SelfSubjectRulesReview", "k8s.io.api.authorization.v1.SelfSubjectRulesReview"},
        {"autoscaling/v1", "Scale", "k8s.io.api.autoscaling.v1.Scale"},
        {"autoscaling/v2", "HorizontalPodAutoscaler", "k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler"},
        {"coordination.k8s.io/v1", "Lease", "k8s.io.api.coordination.v1.Lease"},
        {"events.k8s.io/v1", "Event", "k8s.io.api.events.v1.Event"},
        {"discovery.k8s.io/v1", "EndpointSlice", "k8s.io.api.discovery.v1.EndpointSlice"},
        {"storage.k8s.io/v1", "StorageClass", "k8s.io.api.storage.v1.StorageClass"},
        {"certificates.k8s.io/v1", "CertificateSigningRequest",
            "k8s.io.api.certificates.v1.CertificateSigningRequest"},
        {"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
            "k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration"},
        {"flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "k8s.io.api.flowcontrol.v1.FlowSchema"},
        {"node.k8s.io/v1", "RuntimeClass", "k8s.io.api.node.v1.RuntimeClass"},
        {"apiextensions.k8s.io/v1", "CustomResourceDefinition",
            "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"},
        {"v1", "DeleteOptions", "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
        {"batch/v1", "DeleteOptions", "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
    };

    @Test
    void findsEveryKindClientsSend() {
        List<String> missing = new ArrayList<>();
        for (String[] row : SENT_AS_PROTOBUF) {
            String found = KindRegistry.instance().find(row[0], row[1]).map(d -> d.getFullName()).orElse("none");
            if (!found.equals(row[2])) {
                missing.add(row[0] + " " + row[1] + " -> " + found);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void refusesWhatIsNotABuiltInKind() {
        assertTrue(KindRegistry.instance().find("v1", "PodSpec").isEmpty());
        assertTrue(KindRegistry.instance().find("v1", "ObjectMeta").isEmpty());
        assertTrue(KindRegistry.instance().find("v2", "ConfigMap").isEmpty());
        assertTrue(KindRegistry.instance().find("stable.example.com/v1", "CronTab").isEmpty());
        assertTrue(KindRegistry.instance().find("gateway.networking.k8s.io/v1", "Ingress").isEmpty());
        assertTrue(KindRegistry.instance().find("apps/v1/x", "Deployment").isEmpty());
        assertTrue(KindRegistry.instance().find("/v1", "ConfigMap").isEmpty());
    }
}
