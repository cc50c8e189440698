package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The {@code x-kubernetes-*} list metadata (from the {@code +listType}, {@code +listMapKey} and
 * {@code patchStrategy} tags of k8s.io/api's types.go) of list fields added since the base spec, which
 * client-java's models do not carry. Only fields whose items are merged rather than replaced need an
 * entry: a list without metadata is replaced whole by strategic merge patch, as an atomic list is.
 * Checked against kubernetes/kubernetes types.go: the core PodStatus and ContainerStatus entries and
 * the resource.k8s.io ones; the others follow kube's convention for conditions lists.
 */
final class ListMetadata {

    /** strategy, merge key, list type, map keys. */
    private record Tags(String patchStrategy, String mergeKey, String listType, List<String> mapKeys) {
    }

    private static final Map<String, Tags> FIELDS = Map.ofEntries(
            Map.entry("io.k8s.api.core.v1.PodStatus.hostIPs", new Tags("merge", "ip", "atomic", List.of())),
            Map.entry("io.k8s.api.core.v1.PodStatus.resourceClaimStatuses",
                    new Tags("merge,retainKeys", "name", "map", List.of("name"))),
            Map.entry("io.k8s.api.core.v1.ContainerStatus.allocatedResourcesStatus",
                    new Tags("merge", "name", "map", List.of("name"))),
            Map.entry("io.k8s.api.core.v1.Container.resizePolicy", new Tags("", "", "atomic", List.of())),
            Map.entry("io.k8s.api.resource.v1.ResourceClaimStatus.reservedFor",
                    new Tags("merge", "uid", "map", List.of("uid"))),
            Map.entry("io.k8s.api.resource.v1.ResourceClaimStatus.devices",
                    new Tags("", "", "map", List.of("driver", "device", "pool", "shareID"))),
            Map.entry("io.k8s.api.networking.v1.ServiceCIDRStatus.conditions",
                    new Tags("merge", "type", "map", List.of("type"))),
            Map.entry("io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus.conditions",
                    new Tags("", "", "map", List.of("type"))));

    private ListMetadata() {
    }

    /** Adds the metadata of {@code schema}'s {@code property} to its node, if it has any. */
    static void apply(String schema, String property, ObjectNode node) {
        Tags tags = FIELDS.get(schema + "." + property);
        if (tags == null) {
            return;
        }
        if (!tags.patchStrategy().isEmpty()) {
            node.put("x-kubernetes-patch-strategy", tags.patchStrategy());
        }
        if (!tags.mergeKey().isEmpty()) {
            node.put("x-kubernetes-patch-merge-key", tags.mergeKey());
        }
        node.put("x-kubernetes-list-type", tags.listType());
        if (!tags.mapKeys().isEmpty()) {
            tags.mapKeys().forEach(node.putArray("x-kubernetes-list-map-keys")::add);
        }
    }
}
