package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretProjectionBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;

/**
 * ServiceAccount tokens a tenant pod projects itself: a {@code serviceAccountToken} source of a projected volume other
 * than the {@code kube-api-access-*} one (Istio's {@code istio-token}, Vault's or SPIFFE's audience tokens). The host's
 * kubelet would fill such a source with a token of the host — a host credential in a tenant's workload — so on the host
 * each one reads its file from the pod's token Secret instead, under a key of its own, holding a token the workspace
 * issued with the audience and lifetime the source asks for ({@link PodTokens}).
 */
final class ProjectedTokens {
    /** kube's default lifetime of a projected token (the API defaults {@code expirationSeconds} to an hour). */
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;

    /** One source: the {@code index}th of {@code volume}, what its token is for, and where the file goes in the volume. */
    record Source(String volume, int index, String audience, long expirationSeconds, String path) {
        /** The token Secret's key it reads. */
        String key() {
            return "token-" + volume + "-" + index;
        }
    }

    private ProjectedTokens() {
    }

    /** The sources of {@code spec}, in volume order. */
    static List<Source> of(PodSpec spec) {
        List<Source> sources = new ArrayList<>();
        forEach(spec, (volume, index, token) -> sources.add(source(volume, index, token)));
        return sources;
    }

    /** Points every source of {@code spec} at its key of the token Secret {@code secretName}. */
    static void rewrite(PodSpec spec, String secretName) {
        forEach(spec, (volume, index, token) -> {
            Source source = source(volume, index, token);
            VolumeProjection fromSecret = new VolumeProjection();
            fromSecret.setSecret(new SecretProjectionBuilder().withName(secretName).withOptional(false)
                    .addNewItem().withKey(source.key()).withPath(source.path()).endItem().build());
            volume.getProjected().getSources().set(index, fromSecret);
        });
    }

    private interface Visitor {
        void visit(Volume volume, int index, ServiceAccountTokenProjection token);
    }

    private static void forEach(PodSpec spec, Visitor visitor) {
        if (spec == null || spec.getVolumes() == null) {
            return;
        }
        for (Volume volume : spec.getVolumes()) {
            if (InClusterAccess.isTokenVolume(volume) || volume.getProjected() == null || volume.getProjected().getSources() == null) {
                continue;
            }
            List<VolumeProjection> projections = volume.getProjected().getSources();
            for (int i = 0; i < projections.size(); i++) {
                if (projections.get(i).getServiceAccountToken() != null) {
                    visitor.visit(volume, i, projections.get(i).getServiceAccountToken());
                }
            }
        }
    }

    private static Source source(Volume volume, int index, ServiceAccountTokenProjection token) {
        String audience = token.getAudience() == null || token.getAudience().isEmpty() ? null : token.getAudience();
        long seconds = token.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : token.getExpirationSeconds();
        return new Source(volume.getName(), index, audience, seconds, token.getPath());
    }
}
