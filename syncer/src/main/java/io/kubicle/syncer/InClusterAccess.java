package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * How a host pod gets in-cluster access to its workspace instead of the host. The tenant pod's
 * {@code kube-api-access-*} projected volume (token, {@code ca.crt}, {@code namespace}; the apiserver's
 * ServiceAccount admission adds it unless automount is off) becomes a volume of the same name from a host Secret
 * the syncer keeps filled with a workspace token ({@link PodTokens}), so every mount path stays as the tenant wrote
 * it; every container, init container and ephemeral container gets {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}/{@code _PORT_HTTPS}
 * pointing at Kubicle (explicit env wins over the host kubelet's service variables). Only names go into the pod,
 * never the token, so the pod (and its sync digest) stays the same when the token is refreshed.
 */
public final class InClusterAccess {
    static final String TOKEN_VOLUME_PREFIX = "kube-api-access-";
    /** Host Secret names the syncer keeps for itself: a tenant Secret named so is never synced down. */
    static final String SECRET_PREFIX = "kubicle-token-";
    private static final int MAX_NAME = 253;

    private InClusterAccess() {
    }

    /** Whether the tenant pod mounts a ServiceAccount token volume (so its host copy needs a token Secret). */
    public static boolean wanted(Pod tenant) {
        return tenant.getSpec() != null && tenant.getSpec().getVolumes() != null
                && tenant.getSpec().getVolumes().stream().anyMatch(InClusterAccess::isTokenVolume);
    }

    static boolean isTokenVolume(Volume v) {
        return v.getName() != null && v.getName().startsWith(TOKEN_VOLUME_PREFIX);
    }

    /**
     * Whether a tenant Secret of this name could collide with a token Secret (tenant Secrets keep their names on the
     * host, in the same namespace as the token Secrets), so the syncer never takes it down.
     */
    public static boolean reservedSecretName(String name) {
        return name != null && name.startsWith(SECRET_PREFIX);
    }

    /** The host Secret holding the token of pod {@code podName} (a Secret name, cut with a hash when too long). */
    public static String secretName(String podName) {
        String name = SECRET_PREFIX + podName;
        if (name.length() <= MAX_NAME) {
            return name;
        }
        return name.substring(0, MAX_NAME - 17) + "-" + HostNames.sha256Hex(podName).substring(0, 16);
    }

    /** Points the token volumes of a host pod spec at the token Secret and the containers at {@code api}. */
    static void rewrite(PodSpec spec, String podName, TenantApi api) {
        List<Volume> volumes = spec.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (isTokenVolume(v)) {
                Integer mode = v.getProjected() == null ? null : v.getProjected().getDefaultMode();
                Volume replacement = new Volume();
                replacement.setName(v.getName());
                replacement.setSecret(new SecretVolumeSource(mode == null ? 420 : mode, null, false, secretName(podName)));
                volumes.set(i, replacement);
            }
        }
        List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        for (Container c : containers) {
            c.setEnv(withApiEnv(c.getEnv(), api));
        }
        if (spec.getEphemeralContainers() != null) {
            for (EphemeralContainer c : spec.getEphemeralContainers()) {
                c.setEnv(withApiEnv(c.getEnv(), api));
            }
        }
    }

    /** {@code own} behind the variables that point at Kubicle: first, so {@code $(KUBERNETES_SERVICE_HOST)} expands to it. */
    private static List<EnvVar> withApiEnv(List<EnvVar> own, TenantApi api) {
        List<EnvVar> env = new ArrayList<>(List.of(new EnvVar("KUBERNETES_SERVICE_HOST", api.host(), null),
                new EnvVar("KUBERNETES_SERVICE_PORT", Integer.toString(api.port()), null),
                new EnvVar("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(api.port()), null)));
        if (own != null) {
            own.stream().filter(e -> !e.getName().startsWith("KUBERNETES_SERVICE_")).forEach(env::add);
        }
        return env;
    }
}
