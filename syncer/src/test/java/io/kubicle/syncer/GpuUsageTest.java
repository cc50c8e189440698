package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuUsageTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    static Pod gpuPod(int gpus, String phase, String started, String finished) {
        String state = finished == null ? "{\"running\":{\"startedAt\":\"" + started + "\"}}"
                : "{\"terminated\":{\"exitCode\":0,\"startedAt\":\"" + started + "\",\"finishedAt\":\"" + finished + "\"}}";
        return Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"h\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"" + gpus + "\"}}}]},"
                + "\"status\":{\"phase\":\"" + phase + "\",\"containerStatuses\":[{\"name\":\"c\",\"state\":" + state + "}]}}", Pod.class);
    }

    /** Applies a merge patch of status.gpu the way the server would. */
    static Map<String, Object> apply(Map<String, Object> status, Map<String, Object> patch) {
        Map<String, Object> out = new HashMap<>(status);
        patch.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> old) {
                out.put(k, apply(GpuUsage.cast(old), GpuUsage.cast(m)));
            } else if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void runningPodCountsGpusTimesSecondsSinceItsContainerStarted() {
        GpuUsage.Next next = GpuUsage.next(Map.of(), Map.of("u1", gpuPod(2, "Running", "2026-01-01T09:58:00Z", null)), NOW);
        assertEquals(240, next.usedSeconds());
        assertTrue(next.changed());
    }

    @Test
    void finishedPodStopsAtItsFinishTimeAndRecomputingChangesNothing() {
        Map<String, Pod> pods = Map.of("u1", gpuPod(1, "Succeeded", "2026-01-01T09:00:00Z", "2026-01-01T09:30:00Z"));
        GpuUsage.Next first = GpuUsage.next(Map.of(), pods, NOW);
        assertEquals(1800, first.usedSeconds());
        Map<String, Object> status = apply(Map.of(), first.gpuPatch());
        GpuUsage.Next again = GpuUsage.next(status, pods, NOW.plusSeconds(3600));
        assertEquals(1800, again.usedSeconds());
        assertFalse(again.changed(), "a restart recomputing the same pods writes nothing");
    }

    @Test
    void goneHostPodIsSettledOnceAndNeverCountedTwice() {
        Map<String, Object> status = apply(Map.of(), GpuUsage.next(Map.of(),
                Map.of("u1", gpuPod(1, "Running", "2026-01-01T09:50:00Z", null)), NOW).gpuPatch());
        GpuUsage.Next gone = GpuUsage.next(status, Map.of(), NOW.plusSeconds(60));
        assertEquals(600, gone.usedSeconds());
        status = apply(status, gone.gpuPatch());
        assertNull(((Map<?, ?>) status.getOrDefault("pods", Map.of())).get("u1"));
        GpuUsage.Next later = GpuUsage.next(status, Map.of(), NOW.plusSeconds(600));
        assertEquals(600, later.usedSeconds());
        assertFalse(later.changed());
    }

    @Test
    void measuredSecondsNeverShrink() {
        Map<String, Object> status = apply(Map.of(), GpuUsage.next(Map.of(),
                Map.of("u1", gpuPod(1, "Running", "2026-01-01T09:50:00Z", null)), NOW).gpuPatch());
        // an earlier clock (another syncer replica, skew) must not lower what was recorded
        assertEquals(600, GpuUsage.next(status, Map.of("u1", gpuPod(1, "Running", "2026-01-01T09:50:00Z", null)),
                NOW.minusSeconds(100)).usedSeconds());
    }

    @Test
    void podsWithoutGpusOrNotStartedDoNotCount() {
        assertNull(GpuRunTime.of(gpuPod(0, "Running", "2026-01-01T09:50:00Z", null)));
        Pod pending = gpuPod(1, "Pending", "2026-01-01T09:50:00Z", null);
        pending.getStatus().setContainerStatuses(null);
        assertNull(GpuRunTime.of(pending));
    }
}
