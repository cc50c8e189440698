package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * core/v1 Service: printService, SetDefaults_Service plus the registry's ipFamilyPolicy/ipFamilies
 * (single-stack IPv4), ValidateService's main checks and the update rules ({@link ServiceUpdateRules}),
 * field selectors spec.clusterIP and spec.type.
 * ClusterIP and nodePort allocation are left to the caller.
 */
public final class ServiceStrategy implements KindStrategy {
    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are"
                    + " ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP"
                    + " address for load-balancing to endpoints. Endpoints are determined by the selector or if that is"
                    + " not specified, by manual construction of an Endpoints object or EndpointSlice objects. If"
                    + " clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of"
                    + " endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every"
                    + " node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and"
                    + " creates an external load-balancer (if supported in the current cloud) which routes to the same"
                    + " endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName."
                    + " Several other fields do not apply to ExternalName services. More info:"
                    + " https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
            Columns.str("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. If"
                    + " an address is specified manually, is in-range (as per system configuration), and is not in use,"
                    + " it will be allocated to the service; otherwise creation of the service will fail. This field may"
                    + " not be changed through updates unless the type field is also being changed to ExternalName"
                    + " (which requires this field to be blank) or the type field is being changed from ExternalName (in"
                    + " which case this field may optionally be specified, as describe above).  Valid values are"
                    + " \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless"
                    + " service\" (no virtual IP), which is useful when direct endpoint connections are preferred and"
                    + " proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this"
                    + " field is specified when creating a Service of type ExternalName, creation will fail. This field"
                    + " will be wiped when updating a Service to type ExternalName. More info:"
                    + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            Columns.str("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also"
                    + " accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is"
                    + " responsible for ensuring that traffic arrives at a node with this IP.  A common example is"
                    + " external load-balancers that are not part of the Kubernetes system."),
            Columns.str("Port(s)", "The list of ports that are exposed by this service. More info:"
                    + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            Columns.AGE,
            Columns.wide("Selector", "Route service traffic to pods with label keys and values matching this selector."
                    + " If empty or not present, the service is assumed to have an external process managing its"
                    + " endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and"
                    + " LoadBalancer. Ignored if type is ExternalName. More info:"
                    + " https://kubernetes.io/docs/concepts/services-networking/service/"));

    @Override
    public void applyDefaults(ObjectNode svc) {
        ObjectNode spec = Json.obj(svc, "spec");
        Json.defaultText(spec, "sessionAffinity", "None");
        String affinity = Json.text(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP") && !Json.present(spec, "sessionAffinityConfig", "clientIP", "timeoutSeconds")) {
            Json.obj(Json.obj(spec, "sessionAffinityConfig"), "clientIP").put("timeoutSeconds", 10800);
        }
        Json.defaultText(spec, "type", "ClusterIP");
        String type = Json.text(spec, "type");
        for (ObjectNode port : Json.objects(spec, "ports")) {
            Json.defaultText(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            if (target == null || target.isNull() || (target.isNumber() && target.asLong() == 0)
                    || (target.isTextual() && target.asText().isEmpty())) {
                port.put("targetPort", (int) Json.num(port, "port"));
            }
        }
        boolean externallyAccessible = type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && !Json.items(spec, "externalIPs").isEmpty());
        if (externallyAccessible) {
            Json.defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        if (List.of("ClusterIP", "NodePort", "LoadBalancer").contains(type)) {
            Json.defaultText(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Json.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
            for (ObjectNode ing : Json.objects(svc, "status", "loadBalancer", "ingress")) {
                if (!Json.text(ing, "ip").isEmpty()) {
                    Json.defaultText(ing, "ipMode", "VIP");
                }
            }
        }
        if (!type.equals("ExternalName")) {
            boolean headlessSelectorless = "None".equals(Json.text(spec, "clusterIP")) && Json.stringMap(spec, "selector").isEmpty();
            Json.defaultText(spec, "ipFamilyPolicy", headlessSelectorless ? "RequireDualStack" : "SingleStack");
            if (Json.items(spec, "ipFamilies").isEmpty()) {
                ArrayNode families = spec.putArray("ipFamilies");
                families.add("IPv4");
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode svc, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = svc.path("spec");
        String type = Json.text(spec, "type");
        String clusterIP = Json.text(spec, "clusterIP");
        List<ObjectNode> ports = Json.objects(spec, "ports");
        if (ports.isEmpty() && !"None".equals(clusterIP) && !type.equals("ExternalName")) {
            errs.add(FieldError.required("spec.ports", ""));
        }
        if (type.isEmpty()) {
            errs.add(FieldError.required("spec.type", ""));
        } else if (!TYPES.contains(type)) {
            errs.add(FieldError.notSupported("spec.type", GoFmt.quote(type), TYPES));
        }
        if (type.equals("ExternalName")) {
            String externalName = Json.text(spec, "externalName");
            if (!clusterIP.isEmpty()) {
                errs.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
            if (externalName.isEmpty()) {
                errs.add(FieldError.required("spec.externalName", ""));
            } else {
                String trimmed = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
                Validators.dns1123Subdomain(trimmed).forEach(m ->
                        errs.add(FieldError.invalid("spec.externalName", GoFmt.quote(externalName), m)));
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String p = "spec.ports[" + i + "]";
            String name = Json.text(port, "name");
            if (ports.size() > 1 && name.isEmpty()) {
                errs.add(FieldError.required(p + ".name", ""));
            } else if (!name.isEmpty()) {
                Validators.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(p + ".name", GoFmt.quote(name), m)));
                if (!names.add(name)) {
                    errs.add(new FieldError(FieldError.DUPLICATE, p + ".name", GoFmt.quote(name), ""));
                }
            }
            long number = Json.num(port, "port");
            Validators.portNum(number).forEach(m -> errs.add(FieldError.invalid(p + ".port", Long.toString(number), m)));
            String protocol = Json.text(port, "protocol");
            if (protocol.isEmpty()) {
                errs.add(FieldError.required(p + ".protocol", ""));
            } else if (!PROTOCOLS.contains(protocol)) {
                errs.add(FieldError.notSupported(p + ".protocol", GoFmt.quote(protocol), PROTOCOLS));
            }
            JsonNode target = port.path("targetPort");
            if (target.isNumber()) {
                Validators.portNum(target.asLong()).forEach(m ->
                        errs.add(FieldError.invalid(p + ".targetPort", Long.toString(target.asLong()), m)));
            } else if (target.isTextual()) {
                Validators.portName(target.asText()).forEach(m ->
                        errs.add(FieldError.invalid(p + ".targetPort", GoFmt.quote(target.asText()), m)));
            }
            if (type.equals("ClusterIP") && Json.num(port, "nodePort") != 0) {
                errs.add(FieldError.forbidden(p + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
            }
            if (!keys.add(protocol + "/" + number)) {
                errs.add(new FieldError(FieldError.DUPLICATE, p, "core.ServicePort{Name:\"\", Protocol:" + GoFmt.quote(protocol)
                        + ", AppProtocol:(*string)(nil), Port:" + number
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}", ""));
            }
        }
        String affinity = Json.text(spec, "sessionAffinity");
        if (!affinity.isEmpty() && !List.of("ClientIP", "None").contains(affinity)) {
            errs.add(FieldError.notSupported("spec.sessionAffinity", GoFmt.quote(affinity), List.of("ClientIP", "None")));
        }
        errs.addAll(MetadataValidation.validateLabels(Json.stringMap(spec, "selector"), "spec.selector"));
        externalTraffic(spec, errs);
        if (old != null) {
            errs.addAll(ServiceUpdateRules.validate(spec, old.path("spec")));
        }
        return errs;
    }

    /**
     * validateServiceExternalTrafficPolicy. A missing healthCheckNodePort is not an error here: validation runs before
     * allocation, which always fills it in.
     */
    private static void externalTraffic(JsonNode spec, List<FieldError> errs) {
        String type = Json.text(spec, "type");
        String policy = Json.text(spec, "externalTrafficPolicy");
        boolean externallyAccessible = type.equals("LoadBalancer") || type.equals("NodePort")
                || type.equals("ClusterIP") && !Json.items(spec, "externalIPs").isEmpty();
        if (!externallyAccessible) {
            if (!policy.isEmpty()) {
                errs.add(FieldError.invalid("spec.externalTrafficPolicy", GoFmt.quote(policy),
                        "may only be set for externally-accessible services"));
            }
        } else if (policy.isEmpty()) {
            errs.add(FieldError.required("spec.externalTrafficPolicy", ""));
        } else if (!TRAFFIC_POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported("spec.externalTrafficPolicy", GoFmt.quote(policy), TRAFFIC_POLICIES));
        }
        long healthCheck = Json.num(spec, "healthCheckNodePort");
        if (!ServiceUpdateRules.needsHealthCheck(spec)) {
            if (healthCheck != 0) {
                errs.add(FieldError.invalid("spec.healthCheckNodePort", Long.toString(healthCheck),
                        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
            }
        } else if (healthCheck != 0) {
            Validators.portNum(healthCheck).forEach(m ->
                    errs.add(FieldError.invalid("spec.healthCheckNodePort", Long.toString(healthCheck), m)));
        }
    }

    /**
     * The operator (the syncer) may move a synced Service to the cluster IPs its host allocated: in a workspace whose
     * Services run on a host cluster, the host is the allocator, and only its addresses are reachable.
     */
    @Override
    public List<FieldError> validateByOperator(ObjectNode svc, ObjectNode old) {
        if (old == null) {
            return validate(svc, null);
        }
        ObjectNode basis = old.deepCopy();
        ObjectNode basisSpec = Json.obj(basis, "spec");
        JsonNode spec = svc.path("spec");
        for (String field : List.of("clusterIP", "clusterIPs")) {
            if (spec.has(field)) {
                basisSpec.set(field, spec.get(field).deepCopy());
            }
        }
        return validate(svc, basis);
    }

    @Override
    public void prepareForUpdate(ObjectNode svc, ObjectNode old) {
        ServiceUpdateRules.prepare(svc, old);
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode svc, Instant now) {
        JsonNode spec = svc.path("spec");
        List<JsonNode> clusterIPs = Json.items(spec, "clusterIPs");
        String internalIP = clusterIPs.isEmpty() ? "<none>" : clusterIPs.get(0).asText();
        List<String> pieces = new ArrayList<>();
        for (JsonNode port : Json.items(spec, "ports")) {
            long nodePort = Json.num(port, "nodePort");
            String protocol = Json.text(port, "protocol");
            pieces.add(nodePort > 0 ? Json.num(port, "port") + ":" + nodePort + "/" + protocol
                    : Json.num(port, "port") + "/" + protocol);
        }
        String ports = pieces.isEmpty() ? "<none>" : String.join(",", pieces);
        return List.of(Printing.name(svc), Json.text(spec, "type"), internalIP, externalIP(svc), ports,
                Printing.age(svc, now), LabelSelectors.formatLabels(Json.stringMap(spec, "selector")));
    }

    /** getServiceExternalIP with wide=true, as the server always prints. */
    private static String externalIP(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        List<String> externalIPs = new ArrayList<>();
        Json.items(spec, "externalIPs").forEach(ip -> externalIPs.add(ip.asText()));
        switch (Json.text(spec, "type")) {
            case "ClusterIP", "NodePort" -> {
                return externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
            }
            case "LoadBalancer" -> {
                String lb = Printing.loadBalancerIngress(svc.path("status"));
                if (!externalIPs.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(externalIPs);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return Json.text(spec, "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    @Override
    public String fieldValue(ObjectNode svc, String field) {
        return switch (field) {
            case "spec.clusterIP" -> Json.text(svc, "spec", "clusterIP");
            case "spec.type" -> Json.text(svc, "spec", "type");
            default -> null;
        };
    }
}
