package io.kubicle.apiserver.api.kinds;

import io.kubicle.apiserver.api.KindStrategy;
import java.util.Map;

/** The strategy of each built-in kind, by API group and kind; {@link DefaultStrategy} for anything else. */
public final class KindStrategies {
    private static final Map<String, KindStrategy> BY_KIND = Map.ofEntries(
            Map.entry("/Pod", new PodStrategy()),
            Map.entry("/Service", new ServiceStrategy()),
            Map.entry("/Namespace", new NamespaceStrategy()),
            Map.entry("/ConfigMap", new ConfigMapStrategy()),
            Map.entry("/Secret", new SecretStrategy()),
            Map.entry("/ServiceAccount", new ServiceAccountStrategy()),
            Map.entry("/Event", new EventStrategy()),
            Map.entry("/Node", new NodeStrategy()),
            Map.entry("/PersistentVolumeClaim", new PersistentVolumeClaimStrategy()),
            Map.entry("/PersistentVolume", new PersistentVolumeStrategy()),
            Map.entry("/Endpoints", new EndpointsStrategy()),
            Map.entry("/ResourceQuota", new ResourceQuotaStrategy()),
            Map.entry("/ReplicationController", new ReplicationControllerStrategy()),
            Map.entry("apps/Deployment", new DeploymentStrategy()),
            Map.entry("apps/ReplicaSet", new ReplicaSetStrategy()),
            Map.entry("apps/StatefulSet", new StatefulSetStrategy()),
            Map.entry("apps/DaemonSet", new DaemonSetStrategy()),
            Map.entry("batch/Job", new JobStrategy()),
            Map.entry("batch/CronJob", new CronJobStrategy()),
            Map.entry("networking.k8s.io/Ingress", new IngressStrategy()),
            Map.entry("networking.k8s.io/IngressClass", new IngressClassStrategy()),
            Map.entry(RbacStrategies.GROUP + "/Role", RbacStrategies.ROLE),
            Map.entry(RbacStrategies.GROUP + "/ClusterRole", RbacStrategies.CLUSTER_ROLE),
            Map.entry(RbacStrategies.GROUP + "/RoleBinding", RbacStrategies.ROLE_BINDING),
            Map.entry(RbacStrategies.GROUP + "/ClusterRoleBinding", RbacStrategies.CLUSTER_ROLE_BINDING),
            Map.entry("autoscaling/HorizontalPodAutoscaler", new HorizontalPodAutoscalerStrategy()),
            Map.entry("policy/PodDisruptionBudget", new PodDisruptionBudgetStrategy()),
            Map.entry("coordination.k8s.io/Lease", new LeaseStrategy()),
            Map.entry("scheduling.k8s.io/PriorityClass", new PriorityClassStrategy()),
            Map.entry("storage.k8s.io/StorageClass", new StorageClassStrategy()),
            Map.entry("apiextensions.k8s.io/CustomResourceDefinition", new CustomResourceDefinitionStrategy()),
            Map.entry("tenancy.kubicle.io/Workspace", new WorkspaceStrategy()));

    private KindStrategies() {
    }

    /** The strategy for a kind ("" or null group for core), never null. */
    public static KindStrategy forKind(String group, String kind) {
        return BY_KIND.getOrDefault((group == null ? "" : group) + "/" + kind, DefaultStrategy.INSTANCE);
    }
}
