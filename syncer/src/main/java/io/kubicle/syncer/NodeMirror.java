package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps each workspace's read-only view of the host Nodes in its GPU pool: adds and updates copies
 * ({@link NodeView}), and deletes copies of nodes that left the pool or the host. Runs as a periodic
 * pass from the host Node cache and one list of the tenant's Nodes.
 */
final class NodeMirror {
    /** Supplied late: the host informers start after the syncer is built. */
    private final Supplier<SharedIndexInformer<Node>> hostNodes;

    NodeMirror(Supplier<SharedIndexInformer<Node>> hostNodes) {
        this.hostNodes = hostNodes;
    }

    void mirror(TenantWorkspace tenant) {
        Map<String, Node> desired = new HashMap<>();
        for (Node node : hostNodes.get().getIndexer().list()) {
            if (NodeView.inPool(node, tenant.policy().poolNodeSelector())) {
                desired.put(node.getMetadata().getName(), NodeView.tenantCopy(node));
            }
        }
        Map<String, Node> current = new HashMap<>();
        tenant.client.nodes().list().getItems().forEach(n -> current.put(n.getMetadata().getName(), n));
        for (Node want : desired.values()) {
            Node have = current.get(want.getMetadata().getName());
            if (have != null && NodeView.same(have, want)) {
                continue;
            }
            Node written;
            if (have == null) {
                written = tenant.client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder(want).withStatus(null).build()).create();
            } else {
                // a full update, not an apply: labels or taints a tenant added are removed, not merged
                Node replaced = new io.fabric8.kubernetes.api.model.NodeBuilder(have).editMetadata()
                        .withLabels(want.getMetadata().getLabels()).endMetadata().withSpec(want.getSpec()).build();
                written = tenant.client.nodes().resource(replaced).update();
            }
            UnreadWrites.patchStatus(tenant.client, written, SyncerJson.asJson(Map.of("status", want.getStatus())));
        }
        for (Node have : current.values()) {
            boolean ours = have.getMetadata().getLabels() != null
                    && SyncLabels.MANAGER.equals(have.getMetadata().getLabels().get(SyncLabels.MANAGED_BY));
            if (ours && !desired.containsKey(have.getMetadata().getName())) {
                tenant.client.nodes().withName(have.getMetadata().getName()).delete();
            }
        }
    }
}
