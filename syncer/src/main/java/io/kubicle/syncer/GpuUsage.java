package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workspace's GPU-seconds as kept in {@code status.gpu}: one entry per tenant pod uid whose host pod
 * still exists ({@code pods}), plus {@code settledSeconds} for pods whose host copy is gone, and
 * {@code usedSeconds}, their sum. Entries come from pod timestamps and never shrink, so recomputing
 * after a restart neither loses nor double-counts; a pod's seconds move into the settled sum exactly
 * once, in the same write that removes its entry.
 */
final class GpuUsage {
    private GpuUsage() {
    }

    /** What the next status write says: the merge patch for {@code status.gpu} and the resulting total. */
    record Next(Map<String, Object> gpuPatch, long usedSeconds, boolean changed) {
    }

    /**
     * @param previous the Workspace's current {@code status.gpu} (may be empty)
     * @param hostPods the workspace's host pods, keyed by tenant pod uid
     */
    static Next next(Map<String, Object> previous, Map<String, Pod> hostPods, Instant now) {
        long settled = number(previous.get("settledSeconds"));
        Map<String, Object> oldPods = previous.get("pods") instanceof Map<?, ?> m ? cast(m) : Map.of();
        Map<String, Object> podsPatch = new LinkedHashMap<>();
        long live = 0;
        boolean changed = false;
        for (Map.Entry<String, Pod> e : hostPods.entrySet()) {
            GpuRunTime run = GpuRunTime.of(e.getValue());
            if (run == null) {
                continue;
            }
            Map<String, Object> old = oldPods.get(e.getKey()) instanceof Map<?, ?> o ? cast(o) : Map.of();
            long before = number(old.get("seconds"));
            Long measured = run.seconds(now);
            long seconds = Math.max(before, measured == null ? 0 : measured);
            live += seconds;
            if (seconds != before || old.isEmpty() || run.finished() != Boolean.TRUE.equals(old.get("finished"))) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("namespace", e.getValue().getMetadata().getNamespace());
                entry.put("name", e.getValue().getMetadata().getName());
                entry.put("gpus", run.gpus());
                entry.put("seconds", seconds);
                entry.put("finished", run.finished());
                podsPatch.put(e.getKey(), entry);
                changed = true;
            }
        }
        for (Map.Entry<String, Object> old : oldPods.entrySet()) {
            Pod hostPod = hostPods.get(old.getKey());
            if (hostPod != null && GpuRunTime.of(hostPod) != null) {
                continue; // still live: counted above
            }
            // the host pod is gone: what it used up to its last observation is settled for good
            settled += old.getValue() instanceof Map<?, ?> o ? number(cast(o).get("seconds")) : 0;
            podsPatch.put(old.getKey(), null);
            changed = true;
        }
        long used = settled + live;
        changed |= used != number(previous.get("usedSeconds"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("usedSeconds", used);
        patch.put("settledSeconds", settled);
        if (!podsPatch.isEmpty()) {
            patch.put("pods", podsPatch);
        }
        return new Next(patch, used, changed);
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
