package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The ConfigMaps, Secrets, ServiceAccount and PersistentVolumeClaims a pod needs next to it on the host. */
public record PodReferences(Set<String> configMaps, Set<String> secrets, Set<String> serviceAccounts, Set<String> claims) {

    public static PodReferences of(PodSpec spec) {
        PodReferences refs = new PodReferences(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        refs.serviceAccounts.add(PodRefusal.serviceAccount(spec));
        for (LocalObjectReference pull : nullSafe(spec.getImagePullSecrets())) {
            add(refs.secrets, pull.getName());
        }
        for (Volume v : nullSafe(spec.getVolumes())) {
            if (InClusterAccess.isTokenVolume(v)) {
                // it becomes the token Secret (or goes): the tenant's kube-root-ca.crt it names would only overwrite
                // the host namespace's own, which a real host's root-ca-cert-publisher keeps as the host's CA
                continue;
            }
            if (v.getConfigMap() != null) {
                add(refs.configMaps, v.getConfigMap().getName());
            }
            if (v.getSecret() != null) {
                add(refs.secrets, v.getSecret().getSecretName());
            }
            if (v.getPersistentVolumeClaim() != null) {
                add(refs.claims, v.getPersistentVolumeClaim().getClaimName());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : nullSafe(v.getProjected().getSources())) {
                    if (p.getConfigMap() != null) {
                        add(refs.configMaps, p.getConfigMap().getName());
                    }
                    if (p.getSecret() != null) {
                        add(refs.secrets, p.getSecret().getName());
                    }
                }
            }
        }
        List<Container> containers = new ArrayList<>(nullSafe(spec.getContainers()));
        containers.addAll(nullSafe(spec.getInitContainers()));
        // kubectl debug's containers name Secrets and ConfigMaps in env as the others do (they add no volumes)
        nullSafe(spec.getEphemeralContainers()).forEach(c -> containers.add(SyncerJson.convert(c, Container.class)));
        for (Container c : containers) {
            for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
                if (from.getConfigMapRef() != null) {
                    add(refs.configMaps, from.getConfigMapRef().getName());
                }
                if (from.getSecretRef() != null) {
                    add(refs.secrets, from.getSecretRef().getName());
                }
            }
            for (EnvVar env : nullSafe(c.getEnv())) {
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    add(refs.configMaps, env.getValueFrom().getConfigMapKeyRef().getName());
                }
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    add(refs.secrets, env.getValueFrom().getSecretKeyRef().getName());
                }
            }
        }
        return refs;
    }

    /** Adds everything {@code other} references. */
    public void addAll(PodReferences other) {
        configMaps.addAll(other.configMaps);
        secrets.addAll(other.secrets);
        serviceAccounts.addAll(other.serviceAccounts);
        claims.addAll(other.claims);
    }

    public static PodReferences none() {
        return new PodReferences(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
    }

    private static void add(Set<String> set, String name) {
        if (name != null && !name.isEmpty()) {
            set.add(name);
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
