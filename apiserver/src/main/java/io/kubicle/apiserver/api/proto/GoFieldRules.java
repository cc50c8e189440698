package io.kubicle.apiserver.api.proto;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Go structs behind the Kubernetes protobuf messages say and the descriptors do not.
 *
 * <p>The protobuf marshaller of k8s.io/api (go-to-protobuf) writes every non-pointer field, zero or
 * not: kubectl's {@code create configmap} sends {@code generateName: ""}, {@code generation: 0} and so
 * on. A JSON client (encoding/json with {@code omitempty}) sends none of those, and pointer fields
 * ({@code *int32 replicas}) only when set — but then even when zero. So a scalar field that arrives
 * with its zero value is kept only if it is a Go pointer ({@link #POINTERS}); everything else that is
 * zero is dropped, as encoding/json would drop it. A non-pointer field without {@code omitempty} is
 * dropped too when zero; Go decodes both forms to the same value.
 *
 * <p>Embedded Go structs ({@code json:",inline"}) are separate messages in protobuf and are merged
 * into their parent here ({@link #INLINE}).
 *
 * <p>Keys are {@code <group>.<Message>.<field>}, with the group being the proto package without its
 * version, so that v1beta1 and v1 of a group share the rules. The pointer list was read from
 * k8s.io/api core/v1 zz_generated.deepcopy.go (1.35) and, for the other groups, from their types.go.
 */
public final class GoFieldRules {
    private GoFieldRules() {
    }

    /** Scalar fields that are Go pointers: their zero value means "set to zero", not "unset". */
    private static final String POINTERS = """
        core AppArmorProfile localhostProfile
        core AzureDiskVolumeSource cachingMode fsType readOnly kind
        core AzureFilePersistentVolumeSource secretNamespace
        core CSIVolumeSource readOnly fsType
        core ClientIPConfig timeoutSeconds
        core ClusterTrustBundleProjection name signerName optional
        core ConfigMap immutable
        core ConfigMapEnvSource optional
        core ConfigMapKeySelector optional
        core ConfigMapProjection optional
        core ConfigMapVolumeSource defaultMode optional
        core Container restartPolicy
        core ContainerStatus started stopSignal
        core DownwardAPIVolumeFile mode
        core DownwardAPIVolumeSource defaultMode
        core EndpointAddress nodeName
        core EndpointPort appProtocol
        core EphemeralContainerCommon restartPolicy
        core FCVolumeSource lun
        core FileKeySelector optional
        core GRPCAction service
        core GlusterfsPersistentVolumeSource endpointsNamespace
        core HostPathVolumeSource type
        core ISCSIPersistentVolumeSource initiatorName
        core ISCSIVolumeSource initiatorName
        core KeyToPath mode
        core Lifecycle stopSignal
        core LoadBalancerIngress ipMode
        core LocalVolumeSource fsType
        core NodeFeatures supplementalGroupsPolicy
        core NodeRuntimeHandlerFeatures recursiveReadOnlyMounts userNamespaces
        core NodeSwapStatus capacity
        core PersistentVolumeClaimSpec storageClassName volumeMode volumeAttributesClassName
        core PersistentVolumeClaimStatus currentVolumeAttributesClassName
        core PersistentVolumeSpec volumeMode volumeAttributesClassName
        core PodCertificateProjection maxExpirationSeconds
        core PodDNSConfigOption value
        core PodLogOptions sinceSeconds tailLines limitBytes stream
        core PodResourceClaim resourceClaimName resourceClaimTemplateName
        core PodResourceClaimStatus resourceClaimName
        core PodSecurityContext runAsUser runAsGroup runAsNonRoot supplementalGroupsPolicy fsGroup \
        fsGroupChangePolicy seLinuxChangePolicy
        core PodSpec terminationGracePeriodSeconds activeDeadlineSeconds automountServiceAccountToken \
        shareProcessNamespace priority runtimeClassName enableServiceLinks preemptionPolicy setHostnameAsFQDN \
        hostUsers hostnameOverride
        core PortStatus error
        core Probe terminationGracePeriodSeconds
        core ProjectedVolumeSource defaultMode
        core ReplicationControllerSpec replicas
        core ResourceHealth message
        core SeccompProfile localhostProfile
        core Secret immutable
        core SecretEnvSource optional
        core SecretKeySelector optional
        core SecretProjection optional
        core SecretVolumeSource defaultMode optional
        core SecurityContext privileged runAsUser runAsGroup runAsNonRoot readOnlyRootFilesystem \
        allowPrivilegeEscalation procMount
        core ServiceAccount automountServiceAccountToken
        core ServiceAccountTokenProjection expirationSeconds
        core ServicePort appProtocol
        core ServiceSpec ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy \
        trafficDistribution
        core Toleration tolerationSeconds
        core TopologySpreadConstraint minDomains nodeAffinityPolicy nodeTaintsPolicy
        core TypedLocalObjectReference apiGroup
        core TypedObjectReference apiGroup namespace
        core VolumeMount recursiveReadOnly mountPropagation
        core VolumeMountStatus recursiveReadOnly
        core WindowsSecurityContextOptions gmsaCredentialSpecName gmsaCredentialSpec runAsUserName hostProcess
        meta ObjectMeta deletionGracePeriodSeconds
        meta OwnerReference controller blockOwnerDeletion
        meta ListMeta remainingItemCount
        meta DeleteOptions gracePeriodSeconds orphanDependents propagationPolicy \
        ignoreStoreReadErrorWithClusterBreakingPotential
        meta Preconditions uid resourceVersion
        meta ListOptions timeoutSeconds sendInitialEvents
        meta PatchOptions force
        apps DeploymentSpec replicas revisionHistoryLimit progressDeadlineSeconds
        apps DeploymentStatus collisionCount terminatingReplicas
        apps ReplicaSetSpec replicas
        apps ReplicaSetStatus terminatingReplicas
        apps StatefulSetSpec replicas revisionHistoryLimit
        apps StatefulSetStatus collisionCount
        apps RollingUpdateStatefulSetStrategy partition
        apps DaemonSetSpec revisionHistoryLimit
        apps DaemonSetStatus collisionCount
        batch JobSpec parallelism completions activeDeadlineSeconds backoffLimit backoffLimitPerIndex \
        maxFailedIndexes manualSelector ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy
        batch JobStatus ready failedIndexes terminating
        batch CronJobSpec timeZone startingDeadlineSeconds suspend successfulJobsHistoryLimit failedJobsHistoryLimit
        batch PodFailurePolicyOnExitCodesRequirement containerName
        batch SuccessPolicyRule succeededIndexes succeededCount
        networking IngressSpec ingressClassName
        networking HTTPIngressPath pathType
        networking IngressClassParametersReference aPIGroup scope namespace
        networking NetworkPolicyPort protocol endPort
        networking IngressPortStatus error
        policy PodDisruptionBudgetSpec unhealthyPodEvictionPolicy
        scheduling PriorityClass preemptionPolicy
        authentication TokenRequestSpec expirationSeconds
        certificates CertificateSigningRequestSpec expirationSeconds
        coordination LeaseSpec holderIdentity leaseDurationSeconds leaseTransitions strategy preferredHolder
        discovery Endpoint hostname nodeName zone
        discovery EndpointConditions ready serving terminating
        discovery EndpointPort name protocol port appProtocol
        storage StorageClass reclaimPolicy allowVolumeExpansion volumeBindingMode
        storage CSIDriverSpec attachRequired podInfoOnMount storageCapacity fsGroupPolicy requiresRepublish \
        seLinuxMount nodeAllocatableUpdatePeriodSeconds serviceAccountTokenInSecrets preventPodSchedulingIfMissing
        storage TokenRequest expirationSeconds
        storage VolumeAttachmentSource persistentVolumeName
        storage VolumeError errorCode
        storage VolumeNodeResources count
        autoscaling HorizontalPodAutoscalerSpec minReplicas targetCPUUtilizationPercentage
        autoscaling HorizontalPodAutoscalerStatus observedGeneration currentCPUUtilizationPercentage
        autoscaling HPAScalingRules stabilizationWindowSeconds selectPolicy
        autoscaling ResourceMetricSource targetAverageUtilization
        autoscaling ResourceMetricStatus currentAverageUtilization
        autoscaling ContainerResourceMetricSource targetAverageUtilization
        autoscaling ContainerResourceMetricStatus currentAverageUtilization
        autoscaling MetricTarget averageUtilization
        autoscaling MetricValueStatus averageUtilization
        flowcontrol LimitedPriorityLevelConfiguration nominalConcurrencyShares lendablePercent borrowingLimitPercent
        flowcontrol ExemptPriorityLevelConfiguration nominalConcurrencyShares lendablePercent
        admissionregistration Rule scope
        admissionregistration WebhookClientConfig url
        admissionregistration ServiceReference path port
        admissionregistration ValidatingWebhook failurePolicy matchPolicy sideEffects timeoutSeconds
        admissionregistration MutatingWebhook failurePolicy matchPolicy sideEffects timeoutSeconds \
        reinvocationPolicy
        admissionregistration ValidatingAdmissionPolicySpec failurePolicy
        admissionregistration MutatingAdmissionPolicySpec failurePolicy
        admissionregistration ParamRef parameterNotFoundAction
        admissionregistration MatchResources matchPolicy
        admissionregistration Validation reason
        apiextensions JSONSchemaProps ref maximum minimum maxLength minLength maxItems minItems multipleOf \
        maxProperties minProperties xKubernetesPreserveUnknownFields xKubernetesListType xKubernetesMapType
        apiextensions ValidationRule reason optionalOldSelf
        apiextensions CustomResourceDefinitionVersion deprecationWarning
        apiextensions WebhookClientConfig url
        apiextensions ServiceReference path port
        apiextensions CustomResourceSubresourceScale labelSelectorPath
        """;

    /** Embedded Go structs ({@code json:",inline"}): their fields belong to the parent object. */
    private static final String INLINE = """
        core ConfigMapEnvSource localObjectReference
        core ConfigMapKeySelector localObjectReference
        core ConfigMapProjection localObjectReference
        core ConfigMapVolumeSource localObjectReference
        core SecretEnvSource localObjectReference
        core SecretKeySelector localObjectReference
        core SecretProjection localObjectReference
        core EphemeralContainer ephemeralContainerCommon
        core PersistentVolumeSpec persistentVolumeSource
        core Volume volumeSource
        core Probe handler
        core VolumeMountStatus volumeStatus
        networking IngressRule ingressRuleValue
        admissionregistration NamedRuleWithOperations ruleWithOperations
        admissionregistration RuleWithOperations rule
        resource DeviceAllocationConfiguration deviceConfiguration
        resource DeviceClaimConfiguration deviceConfiguration
        resource DeviceClassConfiguration deviceConfiguration
        """;

    /** Fields whose proto name is not their JSON name: old protobuf names kept, or no valid identifier. */
    private static final String RENAMES = """
        admissionregistration MutatingWebhookConfiguration Webhooks webhooks
        admissionregistration ValidatingWebhookConfiguration Webhooks webhooks
        admissionregistration Validation Expression expression
        admissionregistration Variable Name name
        admissionregistration Variable Expression expression
        authentication BoundObjectReference uID uid
        networking IngressClassParametersReference aPIGroup apiGroup
        apiextensions JSONSchemaProps ref $ref
        apiextensions JSONSchemaProps schema $schema
        apiextensions JSONSchemaProps xKubernetesPreserveUnknownFields x-kubernetes-preserve-unknown-fields
        apiextensions JSONSchemaProps xKubernetesEmbeddedResource x-kubernetes-embedded-resource
        apiextensions JSONSchemaProps xKubernetesIntOrString x-kubernetes-int-or-string
        apiextensions JSONSchemaProps xKubernetesListMapKeys x-kubernetes-list-map-keys
        apiextensions JSONSchemaProps xKubernetesListType x-kubernetes-list-type
        apiextensions JSONSchemaProps xKubernetesMapType x-kubernetes-map-type
        apiextensions JSONSchemaProps xKubernetesValidations x-kubernetes-validations
        """;

    /** How one field is written as JSON. */
    public record Rule(String jsonName, boolean pointer, boolean inline) {
    }

    private static final Set<String> POINTER_KEYS = keys(POINTERS);
    private static final Set<String> INLINE_KEYS = keys(INLINE);
    private static final Map<String, String> RENAME_KEYS = renames();
    private static final Map<FieldDescriptor, Rule> CACHE = new ConcurrentHashMap<>();

    public static Rule of(FieldDescriptor field) {
        return CACHE.computeIfAbsent(field, f -> {
            String key = key(f);
            return new Rule(RENAME_KEYS.getOrDefault(key, f.getName()), POINTER_KEYS.contains(key),
                INLINE_KEYS.contains(key));
        });
    }

    /** All keys of the pointer list, for tests that check each names a real scalar field. */
    public static Set<String> pointerKeys() {
        return Set.copyOf(POINTER_KEYS);
    }

    /** All keys of the inline list, for tests that check each names a real message field. */
    public static Set<String> inlineKeys() {
        return Set.copyOf(INLINE_KEYS);
    }

    /** All keys of the rename list, for tests. */
    public static Set<String> renameKeys() {
        return Set.copyOf(RENAME_KEYS.keySet());
    }

    /** {@code <package without version>.<Message>.<field>}, e.g. {@code k8s.io.api.apps.DeploymentSpec.replicas}. */
    public static String key(FieldDescriptor field) {
        String pkg = field.getFile().getPackage();
        String group = pkg.substring(0, pkg.lastIndexOf('.'));
        String message = field.getContainingType().getFullName().substring(pkg.length() + 1);
        return group + "." + message + "." + field.getName();
    }

    private static String groupPackage(String alias) {
        switch (alias) {
            case "meta":
                return "k8s.io.apimachinery.pkg.apis.meta";
            case "apiextensions":
                return "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions";
            default:
                return "k8s.io.api." + alias;
        }
    }

    private static Set<String> keys(String table) {
        Set<String> keys = new HashSet<>();
        for (String line : table.split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 2; i < words.length; i++) {
                keys.add(groupPackage(words[0]) + "." + words[1] + "." + words[i]);
            }
        }
        return keys;
    }

    private static Map<String, String> renames() {
        Map<String, String> renames = new HashMap<>();
        for (String line : RENAMES.split("\n")) {
            String[] w = line.trim().split("\\s+");
            renames.put(groupPackage(w[0]) + "." + w[1] + "." + w[2], w[3]);
        }
        return renames;
    }
}
