package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeViewTest {
    static final Node GPU_NODE = Serialization.unmarshal("""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"gpu-1","labels":{"gpu":"a100","zone":"z1"},
             "annotations":{"host.internal/secret":"x"}},
             "spec":{"taints":[{"key":"nvidia.com/gpu","effect":"NoSchedule"}]},
             "status":{"capacity":{"nvidia.com/gpu":"8","cpu":"64"},"allocatable":{"nvidia.com/gpu":"8","cpu":"63"},
              "conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"10.0.0.7"}]}}""", Node.class);

    @Test
    void onlyNodesMatchingThePoolSelectorAreShownAndNoPoolShowsNone() {
        assertTrue(NodeView.inPool(GPU_NODE, Map.of("gpu", "a100")));
        assertFalse(NodeView.inPool(GPU_NODE, Map.of("gpu", "h100")));
        assertFalse(NodeView.inPool(GPU_NODE, Map.of()));
    }

    @Test
    void theCopyShowsCapacityLabelsTaintsAndConditionsButNotHostAddressesOrAnnotations() {
        Node copy = NodeView.tenantCopy(GPU_NODE);
        assertEquals(new Quantity("8"), copy.getStatus().getCapacity().get("nvidia.com/gpu"));
        assertEquals(new Quantity("8"), copy.getStatus().getAllocatable().get("nvidia.com/gpu"));
        assertEquals("a100", copy.getMetadata().getLabels().get("gpu"));
        assertEquals(SyncLabels.MANAGER, copy.getMetadata().getLabels().get(SyncLabels.MANAGED_BY));
        assertEquals("Ready", copy.getStatus().getConditions().get(0).getType());
        assertEquals("nvidia.com/gpu", copy.getSpec().getTaints().get(0).getKey());
        assertTrue(copy.getStatus().getAddresses() == null || copy.getStatus().getAddresses().isEmpty());
        assertTrue(copy.getMetadata().getAnnotations() == null || copy.getMetadata().getAnnotations().isEmpty());
    }

    @Test
    void aTenantEditMakesTheCopyDifferent() {
        Node copy = NodeView.tenantCopy(GPU_NODE);
        assertTrue(NodeView.same(NodeView.tenantCopy(GPU_NODE), copy));
        Node edited = NodeView.tenantCopy(GPU_NODE);
        edited.getMetadata().getLabels().put("mine", "yes");
        assertFalse(NodeView.same(edited, copy));
        Node resized = NodeView.tenantCopy(GPU_NODE);
        resized.getStatus().getCapacity().put("nvidia.com/gpu", new Quantity("16"));
        assertFalse(NodeView.same(resized, copy));
    }
}
