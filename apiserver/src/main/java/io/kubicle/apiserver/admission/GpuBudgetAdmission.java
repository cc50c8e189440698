package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.kinds.Quantities;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The workspace's GPU-hour budget ({@code spec.gpuHourBudget}): once the GPU-seconds the syncer metered
 * into {@code status.gpu.usedSeconds} reach it, creating a Pod that requests {@code nvidia.com/gpu} is
 * refused. Pods already running keep running; the budget gates new GPU work only.
 */
final class GpuBudgetAdmission {
    static final String GPU = "nvidia.com/gpu";
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private GpuBudgetAdmission() {
    }

    static Future<Void> admit(ApiCall call, ObjectNode object, ObjectNode old, WorkspacePolicy policy) {
        boolean podCreate = old == null && call.info().subresource().isEmpty() && call.type().group().isEmpty()
                && "Pod".equals(call.type().kind());
        String refusal = podCreate ? refusal(call.workspace(), object.path("spec"), policy) : null;
        if (refusal == null) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(Statuses.forbidden("", "pods", Json.text(Json.metadata(object), "name"), refusal));
    }

    /** Why a new pod with this spec is refused, or null when the budget allows it (or it wants no GPU). */
    static String refusal(String workspace, JsonNode podSpec, WorkspacePolicy policy) {
        if (policy.gpuHourBudget() == null || !requestsGpu(podSpec)) {
            return null;
        }
        BigDecimal used = BigDecimal.valueOf(policy.gpuUsedSeconds());
        if (used.compareTo(policy.gpuHourBudget().multiply(SECONDS_PER_HOUR)) < 0) {
            return null;
        }
        return message(workspace, policy.gpuUsedSeconds(), policy.gpuHourBudget());
    }

    static String message(String workspace, long usedSeconds, BigDecimal budgetHours) {
        // as many decimals as the budget has (at least one), so a small budget does not read "0.0 of 0.05"
        int scale = Math.max(1, budgetHours.stripTrailingZeros().scale());
        BigDecimal usedHours = BigDecimal.valueOf(usedSeconds).divide(SECONDS_PER_HOUR, scale, RoundingMode.DOWN);
        return "workspace \"" + workspace + "\" has used its GPU budget: " + usedHours.toPlainString() + " of "
                + budgetHours.stripTrailingZeros().toPlainString() + " GPU-hours";
    }

    static boolean requestsGpu(JsonNode spec) {
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                for (String kind : new String[] {"limits", "requests"}) {
                    BigDecimal n = Quantities.value(c.path("resources").path(kind).path(GPU).asText(""));
                    if (n != null && n.signum() > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
