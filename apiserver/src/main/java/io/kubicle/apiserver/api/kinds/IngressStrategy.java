package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** networking.k8s.io/v1 Ingress: printIngress and ValidateIngressSpec's basic checks (rules, hosts, paths, backends). */
public final class IngressStrategy implements KindStrategy {
    private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            Columns.str("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Columns.str("Address", "Address is a list containing ingress points for the load-balancer"),
            Columns.str("Ports", "Ports of TLS configurations that open"),
            Columns.AGE);

    @Override
    public List<FieldError> validate(ObjectNode ing, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = ing.path("spec");
        List<JsonNode> rules = Json.items(spec, "rules");
        if (rules.isEmpty() && !Json.present(spec, "defaultBackend")) {
            errs.add(FieldError.invalid("spec", "[]networking.IngressRule(nil)", "either `defaultBackend` or `rules` must be specified"));
        }
        if (Json.present(spec, "defaultBackend")) {
            validateBackend(spec.path("defaultBackend"), "spec.defaultBackend", errs);
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String p = "spec.rules[" + i + "]";
            String host = Json.text(rule, "host");
            if (!host.isEmpty()) {
                if (IPV4.matcher(host).matches() || host.contains(":")) {
                    errs.add(FieldError.invalid(p + ".host", GoFmt.quote(host), "must be a DNS name, not an IP address"));
                }
                List<String> msgs = host.contains("*") ? Validators.wildcardDns1123Subdomain(host) : Validators.dns1123Subdomain(host);
                msgs.forEach(m -> errs.add(FieldError.invalid(p + ".host", GoFmt.quote(host), m)));
            }
            List<JsonNode> paths = Json.items(rule, "http", "paths");
            if (Json.present(rule, "http") && paths.isEmpty()) {
                errs.add(FieldError.required(p + ".http.paths", ""));
            }
            for (int j = 0; j < paths.size(); j++) {
                JsonNode path = paths.get(j);
                String pp = p + ".http.paths[" + j + "]";
                String type = Json.text(path, "pathType");
                if (type.isEmpty()) {
                    errs.add(FieldError.required(pp + ".pathType", "pathType must be specified"));
                } else if (!PATH_TYPES.contains(type)) {
                    errs.add(FieldError.notSupported(pp + ".pathType", GoFmt.quote(type), PATH_TYPES));
                } else if (!type.equals("ImplementationSpecific") && !Json.text(path, "path").startsWith("/")) {
                    errs.add(FieldError.invalid(pp + ".path", GoFmt.quote(Json.text(path, "path")), "must be an absolute path"));
                }
                validateBackend(path.path("backend"), pp + ".backend", errs);
            }
        }
        return errs;
    }

    private static void validateBackend(JsonNode backend, String p, List<FieldError> errs) {
        boolean resource = Json.present(backend, "resource");
        boolean service = Json.present(backend, "service");
        if (resource && service) {
            errs.add(FieldError.invalid(p, "\"\"", "cannot set both resource and service backends"));
        } else if (service) {
            String name = Json.text(backend, "service", "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".service.name", ""));
            } else {
                Validators.dns1035Label(name).forEach(m -> errs.add(FieldError.invalid(p + ".service.name", GoFmt.quote(name), m)));
            }
            String portName = Json.text(backend, "service", "port", "name");
            long number = Json.num(backend, "service", "port", "number");
            if (!portName.isEmpty() && number != 0) {
                errs.add(FieldError.invalid(p, "\"\"", "cannot set both port name & port number"));
            } else if (!portName.isEmpty()) {
                Validators.portName(portName).forEach(m ->
                        errs.add(FieldError.invalid(p + ".service.port.name", GoFmt.quote(portName), m)));
            } else if (number != 0) {
                Validators.portNum(number).forEach(m ->
                        errs.add(FieldError.invalid(p + ".service.port.number", Long.toString(number), m)));
            } else {
                errs.add(FieldError.required(p, "port name or number is required"));
            }
        } else if (!resource) {
            errs.add(FieldError.invalid(p, "\"\"", "resource or service backend is required"));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ing, Instant now) {
        JsonNode spec = ing.path("spec");
        String className = Json.present(spec, "ingressClassName") ? Json.text(spec, "ingressClassName") : "<none>";
        List<JsonNode> rules = Json.items(spec, "rules");
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (hosts.size() == 3) {
                more = true;
            }
            if (!more && !Json.text(rule, "host").isEmpty()) {
                hosts.add(Json.text(rule, "host"));
            }
        }
        String hostCell = hosts.isEmpty() ? "*" : more ? String.join(",", hosts) + " + " + (rules.size() - 3) + " more..."
                : String.join(",", hosts);
        String ports = Json.items(spec, "tls").isEmpty() ? "80" : "80, 443";
        return List.of(Printing.name(ing), className, hostCell, Printing.loadBalancerIngress(ing.path("status")), ports,
                Printing.age(ing, now));
    }
}
