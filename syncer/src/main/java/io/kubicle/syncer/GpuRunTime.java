package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The GPU-seconds one host pod has used, derived only from the pod itself (its GPU request and its
 * containers' start and finish times), so computing it again, after any restart, gives the same answer.
 */
record GpuRunTime(long gpus, Instant start, Instant end, boolean finished) {
    static final String GPU = "nvidia.com/gpu";

    /** The run time of a host pod, or null when it requests no GPU or has not started. */
    static GpuRunTime of(Pod pod) {
        long gpus = gpus(pod);
        if (gpus <= 0 || pod.getStatus() == null) {
            return null;
        }
        Instant start = null;
        Instant end = null;
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses() == null ? List.of() : pod.getStatus().getContainerStatuses();
        for (ContainerStatus cs : statuses) {
            for (ContainerState state : new ContainerState[] {cs.getState(), cs.getLastState()}) {
                if (state == null) {
                    continue;
                }
                if (state.getRunning() != null) {
                    start = earlier(start, parse(state.getRunning().getStartedAt()));
                }
                if (state.getTerminated() != null) {
                    start = earlier(start, parse(state.getTerminated().getStartedAt()));
                    end = later(end, parse(state.getTerminated().getFinishedAt()));
                }
            }
        }
        String phase = pod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (start == null && ("Running".equals(phase) || finished)) {
            start = parse(pod.getStatus().getStartTime()); // a kubelet that reports no container times
        }
        if (start == null) {
            return null;
        }
        return new GpuRunTime(gpus, start, finished ? end : null, finished);
    }

    /** GPU-seconds up to {@code now} (or the end); a finished pod without a finish time counts as null (unknown). */
    Long seconds(Instant now) {
        Instant until = finished ? end : now;
        if (until == null) {
            return null;
        }
        return gpus * Math.max(0, until.getEpochSecond() - start.getEpochSecond());
    }

    /** Extended resources have requests equal to limits; either names the count. Init containers run alone. */
    static long gpus(Pod pod) {
        if (pod.getSpec() == null) {
            return 0;
        }
        long sum = 0;
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            sum += gpus(c);
        }
        long init = 0;
        for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
            init = Math.max(init, gpus(c));
        }
        return Math.max(sum, init);
    }

    private static long gpus(Container c) {
        if (c.getResources() == null) {
            return 0;
        }
        Quantity q = value(c.getResources().getLimits());
        if (q == null) {
            q = value(c.getResources().getRequests());
        }
        return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
    }

    private static Quantity value(Map<String, Quantity> resources) {
        return resources == null ? null : resources.get(GPU);
    }

    private static Instant parse(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
