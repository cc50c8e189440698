package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostQuotaTest {
    @Test
    void workspaceQuotaNamesBecomeResourceQuotaNames() {
        assertEquals(Map.of("cpu", new Quantity("4"), "requests.nvidia.com/gpu", new Quantity("2"), "pods", new Quantity("10"),
                        "limits.memory", new Quantity("8Gi")),
                HostQuota.hard(Map.of("cpu", "4", "nvidia.com/gpu", "2", "pods", "10", "limits.memory", "8Gi", "objects", "100")));
    }

    @Test
    void theHostQuotaIsLabelledAsSyncedAndNamedForTheWorkspace() {
        DownTranslator translator = new DownTranslator("team-a", "default");
        var quota = translator.workspaceQuota(Map.of("nvidia.com/gpu", "2"));
        assertEquals(HostQuota.NAME, quota.getMetadata().getName());
        assertEquals(translator.hostNamespace(), quota.getMetadata().getNamespace());
        assertEquals(SyncLabels.MANAGER, quota.getMetadata().getLabels().get(SyncLabels.MANAGED_BY));
        assertEquals(new Quantity("2"), quota.getSpec().getHard().get("requests.nvidia.com/gpu"));
        assertNull(translator.workspaceQuota(Map.of("objects", "5")), "nothing the host can enforce: no quota");
    }
}
