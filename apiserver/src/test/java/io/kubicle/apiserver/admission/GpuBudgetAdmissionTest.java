package io.kubicle.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GpuBudgetAdmissionTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    static WorkspacePolicy policy(String budget, long usedSeconds) throws Exception {
        return WorkspacePolicy.fromWorkspace(json("{\"spec\":{\"gpuHourBudget\":" + budget + "},\"status\":{\"gpu\":{\"usedSeconds\":"
                + usedSeconds + "}}}"));
    }

    static final String GPU_POD = "{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"1\"}}}]}";
    static final String CPU_POD = "{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\"}}}]}";

    @Test
    void gpuPodIsRefusedOnceTheBudgetIsUsed() throws Exception {
        assertEquals("workspace \"w\" has used its GPU budget: 10.0 of 10 GPU-hours",
                GpuBudgetAdmission.refusal("w", json(GPU_POD), policy("10", 36_000)));
        assertEquals("workspace \"w\" has used its GPU budget: 0.5 of 0.5 GPU-hours",
                GpuBudgetAdmission.refusal("w", json(GPU_POD), policy("0.5", 1900)));
    }

    @Test
    void belowTheBudgetOrWithoutOneOrWithoutGpusPodsPass() throws Exception {
        assertNull(GpuBudgetAdmission.refusal("w", json(GPU_POD), policy("10", 35_999)));
        assertNull(GpuBudgetAdmission.refusal("w", json(CPU_POD), policy("10", 99_999)));
        assertNull(GpuBudgetAdmission.refusal("w", json(GPU_POD), WorkspacePolicy.fromWorkspace(json("{\"spec\":{}}"))));
    }

    @Test
    void aGpuRequestedOnlyByAnInitContainerCounts() throws Exception {
        String init = "{\"initContainers\":[{\"name\":\"i\",\"resources\":{\"requests\":{\"nvidia.com/gpu\":\"2\"}}}],"
                + "\"containers\":[{\"name\":\"c\"}]}";
        assertEquals("workspace \"w\" has used its GPU budget: 1.0 of 1 GPU-hours",
                GpuBudgetAdmission.refusal("w", json(init), policy("1", 3600)));
    }
}
