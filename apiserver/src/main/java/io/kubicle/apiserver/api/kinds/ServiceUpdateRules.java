package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Service on update, as kube's service REST and ValidateServiceUpdate treat it: allocated values the
 * client left out are carried over (patchAllocatedValues, normalizeClusterIPs), then cluster IPs and IP
 * families may be added or the secondary released but the primary never changes (except to or from
 * ExternalName, where there is none), and a LoadBalancer keeps its loadBalancerClass.
 */
final class ServiceUpdateRules {
    private static final String MAY_NOT_CHANGE = "may not change once set";

    private ServiceUpdateRules() {
    }

    static void prepare(ObjectNode svc, JsonNode old) {
        ObjectNode spec = Json.obj(svc, "spec");
        JsonNode oldSpec = old.path("spec");
        if (!isExternalName(spec) && !isExternalName(oldSpec)) {
            if (Json.text(spec, "clusterIP").isEmpty() && !Json.text(oldSpec, "clusterIP").isEmpty()) {
                spec.put("clusterIP", Json.text(oldSpec, "clusterIP"));
            }
            if (Json.items(spec, "clusterIPs").isEmpty() && !Json.items(oldSpec, "clusterIPs").isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        // the singular changed but not the plural: the plural is the truth, so make it show the change
        List<JsonNode> ips = Json.items(spec, "clusterIPs");
        String ip = Json.text(spec, "clusterIP");
        if (!ip.isEmpty() && !ips.isEmpty() && !ip.equals(ips.get(0).asText())
                && !ip.equals(Json.text(oldSpec, "clusterIP"))) {
            ((ArrayNode) spec.get("clusterIPs")).set(0, spec.textNode(ip));
        }
        if (needsNodePorts(spec) && needsNodePorts(oldSpec)) {
            patchNodePorts(spec, oldSpec);
        }
        dropTypeDependentFields(svc, spec, oldSpec);
    }

    /**
     * kube's dropTypeDependentFields: a field the new type has no use for, and that the client left as it was (so the
     * server may have filled it in), is cleared; its address is then free for others. A client that changed it as well
     * gets the validation error instead.
     */
    private static void dropTypeDependentFields(ObjectNode svc, ObjectNode spec, JsonNode oldSpec) {
        if (!isExternalName(oldSpec) && isExternalName(spec)) {
            if (same(spec, oldSpec, "clusterIP") && same(spec, oldSpec, "clusterIPs")) {
                spec.remove(List.of("clusterIP", "clusterIPs"));
            }
            for (String field : List.of("ipFamilies", "ipFamilyPolicy")) {
                if (same(spec, oldSpec, field)) {
                    spec.remove(field);
                }
            }
        }
        if (needsNodePorts(oldSpec) && !needsNodePorts(spec) && nodePorts(oldSpec).containsAll(nodePorts(spec))) {
            Json.objects(spec, "ports").forEach(port -> port.remove("nodePort"));
        }
        if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && same(spec, oldSpec, "healthCheckNodePort")) {
            spec.remove("healthCheckNodePort");
        }
        boolean leavesLoadBalancer = isLoadBalancer(oldSpec) && !isLoadBalancer(spec);
        if (leavesLoadBalancer) {
            for (String field : List.of("allocateLoadBalancerNodePorts", "loadBalancerClass")) {
                if (same(spec, oldSpec, field)) {
                    spec.remove(field);
                }
            }
            // kube clears it on every spec update of a non-LoadBalancer; only a change of type can make it stale here
            if (svc.get("status") instanceof ObjectNode status && status.has("loadBalancer")) {
                status.putObject("loadBalancer");
            }
        }
        if (needsNodePorts(oldSpec) && !needsNodePorts(spec) && same(spec, oldSpec, "externalTrafficPolicy")) {
            spec.remove("externalTrafficPolicy");
        }
    }

    private static boolean same(JsonNode spec, JsonNode oldSpec, String field) {
        JsonNode value = spec.path(field);
        JsonNode old = oldSpec.path(field);
        return value.isNumber() && old.isNumber() ? value.asLong() == old.asLong() : value.equals(old);
    }

    private static Set<Long> nodePorts(JsonNode spec) {
        Set<Long> ports = new HashSet<>();
        Json.items(spec, "ports").forEach(p -> {
            if (Json.num(p, "nodePort") != 0) {
                ports.add(Json.num(p, "nodePort"));
            }
        });
        return ports;
    }

    /** Missing node ports get the old port's (matched by name) unless another port already uses it. */
    private static void patchNodePorts(ObjectNode spec, JsonNode oldSpec) {
        Set<Long> used = new HashSet<>();
        Set<Long> oldUsed = new HashSet<>();
        Json.items(oldSpec, "ports").forEach(p -> oldUsed.add(Json.num(p, "nodePort")));
        Json.items(spec, "ports").forEach(p -> {
            if (oldUsed.contains(Json.num(p, "nodePort"))) {
                used.add(Json.num(p, "nodePort"));
            }
        });
        Map<String, Long> byName = new HashMap<>();
        Json.items(oldSpec, "ports").forEach(p -> byName.put(Json.text(p, "name"), Json.num(p, "nodePort")));
        for (ObjectNode port : Json.objects(spec, "ports")) {
            Long old = byName.get(Json.text(port, "name"));
            if (Json.num(port, "nodePort") == 0 && old != null && old != 0 && !used.contains(old)) {
                port.put("nodePort", old.intValue());
            }
        }
        if (Json.num(spec, "healthCheckNodePort") == 0 && Json.num(oldSpec, "healthCheckNodePort") != 0) {
            spec.put("healthCheckNodePort", Json.num(oldSpec, "healthCheckNodePort"));
        }
    }

    static List<FieldError> validate(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        if (needsHealthCheck(spec) && needsHealthCheck(oldSpec) && !same(spec, oldSpec, "healthCheckNodePort")) {
            errs.add(FieldError.forbidden("spec.healthCheckNodePort", "field is immutable"));
        }
        if (isExternalName(spec) || isExternalName(oldSpec) || (isHeadless(spec) && isHeadless(oldSpec))) {
            loadBalancerClass(spec, oldSpec, errs);
            return errs;
        }
        List<String> ips = strings(spec, "clusterIPs");
        List<String> oldIps = strings(oldSpec, "clusterIPs");
        String ipsValue = GoFmt.stringSlice(ips);
        boolean notSingleStack = !"SingleStack".equals(Json.text(spec, "ipFamilyPolicy"));
        if (oldIps.size() == ips.size()) {
            for (int i = 0; i < oldIps.size(); i++) {
                if (!oldIps.get(i).equals(ips.get(i))) {
                    errs.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ipsValue, MAY_NOT_CHANGE));
                }
            }
        } else if (oldIps.size() > ips.size()) {
            if (ips.isEmpty()) {
                errs.add(FieldError.invalid("spec.clusterIPs[0]", ipsValue, "primary clusterIP can not be unset"));
            } else if (!ips.get(0).equals(oldIps.get(0))) {
                errs.add(FieldError.invalid("spec.clusterIPs[0]", ipsValue, MAY_NOT_CHANGE));
            }
            if (ips.size() == 1 && notSingleStack) {
                errs.add(FieldError.invalid("spec.clusterIPs[0]", ipsValue,
                        "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        } else if (!oldIps.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
            errs.add(FieldError.invalid("spec.clusterIPs[0]", ipsValue, MAY_NOT_CHANGE));
        }
        ipFamilies(spec, oldSpec, ipsValue, notSingleStack, errs);
        loadBalancerClass(spec, oldSpec, errs);
        return errs;
    }

    /** validateUpgradeDowngradeIPFamilies; kube names index 0 and shows the families (or the IPs) as it does here. */
    private static void ipFamilies(JsonNode spec, JsonNode oldSpec, String ipsValue, boolean notSingleStack,
                                   List<FieldError> errs) {
        List<String> families = strings(spec, "ipFamilies");
        List<String> old = strings(oldSpec, "ipFamilies");
        StringBuilder value = new StringBuilder("[]core.IPFamily{");
        for (int i = 0; i < families.size(); i++) {
            value.append(i == 0 ? "" : ", ").append(GoFmt.quote(families.get(i)));
        }
        String familiesValue = value.append('}').toString();
        String path = "spec.ipFamilies[0]";
        if (old.size() == families.size()) {
            for (int i = 0; i < old.size(); i++) {
                if (!old.get(i).equals(families.get(i))) {
                    errs.add(FieldError.invalid(path, familiesValue, MAY_NOT_CHANGE));
                }
            }
        } else if (old.size() > families.size()) {
            if (families.isEmpty()) {
                errs.add(FieldError.invalid(path, familiesValue, "primary ipFamily can not be unset"));
            } else if (!families.get(0).equals(old.get(0))) {
                errs.add(FieldError.invalid(path, familiesValue, MAY_NOT_CHANGE));
            }
            if (families.size() == 1 && notSingleStack) {
                errs.add(FieldError.invalid("spec.clusterIPs[0]", ipsValue,
                        "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        } else if (!old.isEmpty() && !families.get(0).equals(old.get(0))) {
            errs.add(FieldError.invalid(path, ipsValue, MAY_NOT_CHANGE));
        }
    }

    private static void loadBalancerClass(JsonNode spec, JsonNode oldSpec, List<FieldError> errs) {
        if ("LoadBalancer".equals(Json.text(spec, "type")) && "LoadBalancer".equals(Json.text(oldSpec, "type"))) {
            UpdateRules.immutable(errs, "spec.loadBalancerClass", spec.path("loadBalancerClass"), oldSpec.path("loadBalancerClass"));
        }
    }

    private static boolean isExternalName(JsonNode spec) {
        return "ExternalName".equals(Json.text(spec, "type"));
    }

    private static boolean isLoadBalancer(JsonNode spec) {
        return "LoadBalancer".equals(Json.text(spec, "type"));
    }

    /** kube's NeedsHealthCheck: a LoadBalancer that keeps traffic on the node that received it. */
    static boolean needsHealthCheck(JsonNode spec) {
        return isLoadBalancer(spec) && "Local".equals(Json.text(spec, "externalTrafficPolicy"));
    }

    private static boolean isHeadless(JsonNode spec) {
        return "None".equals(Json.text(spec, "clusterIP"));
    }

    private static boolean needsNodePorts(JsonNode spec) {
        String type = Json.text(spec, "type");
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    private static List<String> strings(JsonNode spec, String field) {
        List<String> values = new ArrayList<>();
        Json.items(spec, field).forEach(v -> values.add(v.asText()));
        return values;
    }
}
