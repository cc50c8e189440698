package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenant's copy of a host Node in its GPU pool: name, labels, taints, and the status tenants plan
 * with (capacity and allocatable, incl. {@code nvidia.com/gpu}, conditions, node info). Host addresses,
 * annotations and images stay on the host. Copies carry our managed-by label; anything a tenant changes
 * is put back on the next pass.
 */
final class NodeView {
    private NodeView() {
    }

    /** Whether a host node is in the pool: a workspace without a pool selector sees no nodes. */
    static boolean inPool(Node hostNode, Map<String, String> poolSelector) {
        if (poolSelector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = hostNode.getMetadata().getLabels() == null ? Map.of() : hostNode.getMetadata().getLabels();
        return poolSelector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static Node tenantCopy(Node hostNode) {
        Map<String, String> labels = new LinkedHashMap<>(hostNode.getMetadata().getLabels() == null ? Map.of() : hostNode.getMetadata().getLabels());
        labels.put(SyncLabels.MANAGED_BY, SyncLabels.MANAGER);
        NodeStatus from = hostNode.getStatus() == null ? new NodeStatus() : hostNode.getStatus();
        NodeStatus status = new NodeStatus();
        status.setCapacity(from.getCapacity());
        status.setAllocatable(from.getAllocatable());
        status.setConditions(from.getConditions());
        status.setNodeInfo(from.getNodeInfo());
        return new NodeBuilder().withNewMetadata().withName(hostNode.getMetadata().getName()).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(hostNode.getSpec() == null ? null : hostNode.getSpec().getTaints())
                .withUnschedulable(hostNode.getSpec() == null ? null : hostNode.getSpec().getUnschedulable()).endSpec()
                .withStatus(status).build();
    }

    /** Whether the tenant's node already shows what {@code desired} says (labels, taints, status). */
    static boolean same(Node tenant, Node desired) {
        return java.util.Objects.equals(tenant.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && java.util.Objects.equals(normal(tenant.getSpec().getTaints()), normal(desired.getSpec().getTaints()))
                && java.util.Objects.equals(tenant.getSpec().getUnschedulable(), desired.getSpec().getUnschedulable())
                && tenant.getStatus() != null
                && java.util.Objects.equals(tenant.getStatus().getCapacity(), desired.getStatus().getCapacity())
                && java.util.Objects.equals(tenant.getStatus().getAllocatable(), desired.getStatus().getAllocatable())
                && java.util.Objects.equals(normal(tenant.getStatus().getConditions()), normal(desired.getStatus().getConditions()));
    }

    private static Object normal(java.util.List<?> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
