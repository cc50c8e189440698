package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** core/v1 Pod: printPod's columns and status logic, pod defaults, ValidatePodSpec and ValidatePodUpdate, field selectors. */
public final class PodStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.str("Status", "The aggregate status of the containers in this pod."),
            Columns.str("Restarts", "The number of times the containers in this pod have been restarted and when the"
                    + " last container in this pod has restarted."),
            Columns.AGE,
            Columns.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not"
                    + " yet allocated."),
            Columns.wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a"
                    + " candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the"
                    + " kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be"
                    + " used to express a desire for the pod to be scheduled on a specific node."
                    + " https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
            Columns.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node,"
                    + " but it cannot be scheduled right away as preemption victims receive their graceful termination"
                    + " periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may"
                    + " decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also"
                    + " decide to give the resources on this node to a higher priority pod that is created after"
                    + " preemption. As a result, this field may be different than PodSpec.nodeName when the pod is"
                    + " scheduled."),
            Columns.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod"
                    + " is ready when all its containers are ready AND all conditions specified in the readiness gates"
                    + " have status equal to \"True\" More info:"
                    + " https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"));

    /**
     * Pod defaults; also status.phase Pending and status.qosClass when missing (the pod strategy's
     * PrepareForCreate). serviceAccountName, the token volume and default tolerations are admission's.
     */
    @Override
    public void applyDefaults(ObjectNode object) {
        PodSpecs.applyDefaults(Json.obj(object, "spec"), true);
        ObjectNode status = Json.obj(object, "status");
        Json.defaultText(status, "phase", "Pending");
        Json.defaultText(status, "qosClass", qosClass(object.path("spec")));
    }

    /** A replacement that leaves out what Priority admission set at create keeps it, as that admission does on update. */
    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        ObjectNode spec = Json.obj(object, "spec");
        for (String field : List.of("priority", "preemptionPolicy")) {
            if (Json.absent(spec, field) && old.path("spec").hasNonNull(field)) {
                spec.set(field, old.path("spec").get(field).deepCopy());
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        PodSpecs.validate(object.path("spec"), "spec", errs);
        EphemeralContainers.validate(object.path("spec"), errs);
        if (old == null) {
            EphemeralContainers.refuseOnCreate(object.path("spec"), errs);
        } else {
            errs.addAll(PodUpdateRules.validate(object.path("spec"), old.path("spec")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateSubresource(String subresource, ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        PodSpecs.validate(object.path("spec"), "spec", errs);
        EphemeralContainers.validate(object.path("spec"), errs);
        if (subresource.equals("resize")) {
            PodResizeRules.validate(object, old, errs);
        } else {
            EphemeralContainers.validateUpdate(object, old, errs);
        }
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int restarts = 0;
        int restartableInitRestarts = 0;
        int total = Json.items(spec, "containers").size();
        int ready = 0;
        Instant lastRestart = null;
        Instant lastRestartableInitRestart = null;
        String phase = Json.text(status, "phase");
        String reason = Json.text(status, "reason").isEmpty() ? phase : Json.text(status, "reason");
        for (JsonNode c : Json.items(status, "conditions")) {
            if ("PodScheduled".equals(Json.text(c, "type")) && "SchedulingGated".equals(Json.text(c, "reason"))) {
                reason = "SchedulingGated";
            }
        }
        Map<String, JsonNode> initSpecs = new HashMap<>();
        List<JsonNode> inits = Json.items(spec, "initContainers");
        for (JsonNode c : inits) {
            initSpecs.put(Json.text(c, "name"), c);
            if (restartable(c)) {
                total++;
            }
        }
        boolean initializing = false;
        List<JsonNode> initStatuses = Json.items(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode cs = initStatuses.get(i);
            restarts += (int) Json.num(cs, "restartCount");
            lastRestart = later(lastRestart, Printing.time(cs, "lastState", "terminated", "finishedAt"));
            boolean sidecar = restartable(initSpecs.get(Json.text(cs, "name")));
            if (sidecar) {
                restartableInitRestarts += (int) Json.num(cs, "restartCount");
                lastRestartableInitRestart = later(lastRestartableInitRestart,
                        Printing.time(cs, "lastState", "terminated", "finishedAt"));
            }
            JsonNode terminated = Json.at(cs, "state", "terminated");
            JsonNode waiting = Json.at(cs, "state", "waiting");
            if (terminated.isObject() && Json.num(terminated, "exitCode") == 0) {
                continue;
            }
            if (sidecar && Json.bool(cs, "started")) {
                if (Json.bool(cs, "ready")) {
                    ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                reason = "Init:" + terminatedReason(terminated);
            } else if (waiting.isObject() && !Json.text(waiting, "reason").isEmpty()
                    && !"PodInitializing".equals(Json.text(waiting, "reason"))) {
                reason = "Init:" + Json.text(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + inits.size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Json.items(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode cs = statuses.get(i);
                restarts += (int) Json.num(cs, "restartCount");
                lastRestart = later(lastRestart, Printing.time(cs, "lastState", "terminated", "finishedAt"));
                JsonNode waiting = Json.at(cs, "state", "waiting");
                JsonNode terminated = Json.at(cs, "state", "terminated");
                if (waiting.isObject() && !Json.text(waiting, "reason").isEmpty()) {
                    reason = Json.text(waiting, "reason");
                } else if (terminated.isObject()) {
                    reason = terminatedReason(terminated);
                } else if (Json.bool(cs, "ready") && Json.at(cs, "state", "running").isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        boolean deleting = Json.present(pod, "metadata", "deletionTimestamp");
        if (deleting && "NodeLost".equals(Json.text(status, "reason"))) {
            reason = "Unknown";
        } else if (deleting && !"Failed".equals(phase) && !"Succeeded".equals(phase)) {
            reason = "Terminating";
        }
        String restartsText = Integer.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartsText = restarts + " (" + Printing.since(lastRestart, now) + " ago)";
        }
        List<JsonNode> podIPs = Json.items(status, "podIPs");
        String podIP = podIPs.isEmpty() ? "" : Json.text(podIPs.get(0), "ip");
        List<Object> cells = new ArrayList<>(List.of(Printing.name(pod), ready + "/" + total, reason, restartsText,
                Printing.age(pod, now)));
        cells.add(podIP.isEmpty() ? "<none>" : podIP);
        cells.add(orNone(Json.text(spec, "nodeName")));
        cells.add(orNone(Json.text(status, "nominatedNodeName")));
        cells.add(readinessGates(spec, status));
        return cells;
    }

    @Override
    public String fieldValue(ObjectNode pod, String field) {
        return switch (field) {
            case "spec.nodeName", "spec.host" -> Json.text(pod, "spec", "nodeName");
            case "spec.restartPolicy" -> Json.text(pod, "spec", "restartPolicy");
            case "spec.schedulerName" -> Json.text(pod, "spec", "schedulerName");
            case "spec.serviceAccountName" -> Json.text(pod, "spec", "serviceAccountName");
            case "spec.hostNetwork" -> Boolean.toString(Json.bool(pod, "spec", "hostNetwork"));
            case "status.phase" -> Json.text(pod, "status", "phase");
            case "status.podIP", "status.podIPs" -> {
                List<JsonNode> ips = Json.items(pod, "status", "podIPs");
                yield ips.isEmpty() ? Json.text(pod, "status", "podIP") : Json.text(ips.get(0), "ip");
            }
            case "status.nominatedNodeName" -> Json.text(pod, "status", "nominatedNodeName");
            default -> null;
        };
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = Json.items(spec, "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            for (JsonNode c : Json.items(status, "conditions")) {
                if (Json.text(c, "type").equals(Json.text(gate, "conditionType"))) {
                    if ("True".equals(Json.text(c, "status"))) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    private static String terminatedReason(JsonNode terminated) {
        if (!Json.text(terminated, "reason").isEmpty()) {
            return Json.text(terminated, "reason");
        }
        long signal = Json.num(terminated, "signal");
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + Json.num(terminated, "exitCode");
    }

    private static boolean restartable(JsonNode initContainer) {
        return initContainer != null && "Always".equals(Json.text(initContainer, "restartPolicy"));
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode c : Json.items(status, "conditions")) {
            if (type.equals(Json.text(c, "type"))) {
                return "True".equals(Json.text(c, "status"));
            }
        }
        return false;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null ? a : a == null || a.isBefore(b) ? b : a;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }

    /** qos.GetPodQOS for cpu and memory: BestEffort, Guaranteed or Burstable. */
    static String qosClass(JsonNode spec) {
        List<JsonNode> all = new ArrayList<>(Json.items(spec, "initContainers"));
        all.addAll(Json.items(spec, "containers"));
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : all) {
            Map<String, String> requests = Json.stringMap(c, "resources", "requests");
            Map<String, String> limits = Json.stringMap(c, "resources", "limits");
            for (String r : List.of("cpu", "memory")) {
                boolean hasRequest = nonZero(requests.get(r));
                boolean hasLimit = nonZero(limits.get(r));
                any |= hasRequest || hasLimit;
                if (!hasLimit || (hasRequest && Quantities.value(requests.get(r)).compareTo(Quantities.value(limits.get(r))) != 0)) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static boolean nonZero(String quantity) {
        java.math.BigDecimal v = Quantities.value(quantity);
        return v != null && v.signum() != 0;
    }
}
