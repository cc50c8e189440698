package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PodSpec defaulting (SetDefaults_PodSpec, _Container, _Volume, _Probe...) and validation
 * (ValidatePodSpec's common checks), shared by Pods and every pod template.
 */
public final class PodSpecs {
    private static final List<String> PORT_PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    private PodSpecs() {
    }

    /** Defaults of a PodSpec; {@code isPod} adds what only Pods get (SetDefaults_Pod and admission). */
    public static void applyDefaults(ObjectNode spec, boolean isPod) {
        Json.defaultText(spec, "dnsPolicy", "ClusterFirst");
        Json.defaultText(spec, "restartPolicy", "Always");
        if (Json.absent(spec, "securityContext")) {
            spec.putObject("securityContext");
        }
        Json.defaultInt(spec, "terminationGracePeriodSeconds", 30);
        Json.defaultText(spec, "schedulerName", "default-scheduler");
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (ObjectNode c : Json.objects(spec, list)) {
                containerDefaults(c);
                if (isPod && !list.equals("ephemeralContainers")) {
                    requestsFromLimits(c);
                    if (Json.bool(spec, "hostNetwork")) {
                        for (ObjectNode p : Json.objects(c, "ports")) {
                            if (Json.num(p, "hostPort") == 0) {
                                p.put("hostPort", (int) Json.num(p, "containerPort"));
                            }
                        }
                    }
                }
            }
        }
        for (ObjectNode v : Json.objects(spec, "volumes")) {
            volumeDefaults(v);
        }
        if (isPod) {
            Json.defaultBool(spec, "enableServiceLinks", true);
        }
    }

    static void containerDefaults(ObjectNode c) {
        Json.defaultText(c, "imagePullPolicy", "latest".equals(imageTag(Json.text(c, "image"))) ? "Always" : "IfNotPresent");
        Json.defaultText(c, "terminationMessagePath", "/dev/termination-log");
        Json.defaultText(c, "terminationMessagePolicy", "File");
        if (Json.absent(c, "resources")) {
            c.putObject("resources");
        }
        for (ObjectNode p : Json.objects(c, "ports")) {
            Json.defaultText(p, "protocol", "TCP");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode p = Json.objAt(c, probe);
            if (p != null) {
                Json.defaultInt(p, "timeoutSeconds", 1);
                Json.defaultInt(p, "periodSeconds", 10);
                Json.defaultInt(p, "successThreshold", 1);
                Json.defaultInt(p, "failureThreshold", 3);
                handlerDefaults(p);
            }
        }
        for (String hook : List.of("postStart", "preStop")) {
            ObjectNode h = Json.objAt(c, "lifecycle", hook);
            if (h != null) {
                handlerDefaults(h);
            }
        }
        for (ObjectNode env : Json.objects(c, "env")) {
            ObjectNode ref = Json.objAt(env, "valueFrom", "fieldRef");
            if (ref != null) {
                Json.defaultText(ref, "apiVersion", "v1");
            }
        }
    }

    private static void handlerDefaults(ObjectNode handler) {
        ObjectNode http = Json.objAt(handler, "httpGet");
        if (http != null) {
            Json.defaultText(http, "path", "/");
            Json.defaultText(http, "scheme", "HTTP");
        }
        ObjectNode grpc = Json.objAt(handler, "grpc");
        if (grpc != null && Json.absent(grpc, "service")) {
            grpc.put("service", "");
        }
    }

    private static void requestsFromLimits(ObjectNode c) {
        ObjectNode limits = Json.objAt(c, "resources", "limits");
        if (limits == null) {
            return;
        }
        ObjectNode requests = Json.obj(Json.obj(c, "resources"), "requests");
        limits.fields().forEachRemaining(e -> {
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static void volumeDefaults(ObjectNode v) {
        if (v.size() == 1 && v.has("name")) {
            v.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ObjectNode s = Json.objAt(v, source);
            if (s != null) {
                Json.defaultInt(s, "defaultMode", 420);
            }
        }
        ObjectNode hostPath = Json.objAt(v, "hostPath");
        if (hostPath != null && Json.absent(hostPath, "type")) {
            hostPath.put("type", "");
        }
        for (ObjectNode item : Json.objects(v, "downwardAPI", "items")) {
            ObjectNode ref = Json.objAt(item, "fieldRef");
            if (ref != null) {
                Json.defaultText(ref, "apiVersion", "v1");
            }
        }
        for (ObjectNode src : Json.objects(v, "projected", "sources")) {
            ObjectNode token = Json.objAt(src, "serviceAccountToken");
            if (token != null) {
                Json.defaultInt(token, "expirationSeconds", 3600);
            }
        }
    }

    /**
     * The tag parsers.ParseImageName finds: "latest" when the reference has neither tag nor digest,
     * "" when it has only a digest or does not parse.
     */
    static String imageTag(String image) {
        if (image.isEmpty() || !image.equals(image.trim()) || image.contains(" ")) {
            return "";
        }
        String name = image;
        boolean digest = false;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = true;
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String tag = "";
        String repo = name;
        if (colon > slash) {
            tag = name.substring(colon + 1);
            repo = name.substring(0, colon);
        }
        String path = slash >= 0 && isRegistry(repo.substring(0, repo.indexOf('/'))) ? repo.substring(repo.indexOf('/') + 1) : repo;
        if (path.isEmpty() || !path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            return "";
        }
        return tag.isEmpty() && !digest ? "latest" : tag;
    }

    private static boolean isRegistry(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
    }

    /** ValidatePodSpec's common checks; {@code path} is "spec" or "spec.template.spec". */
    public static void validate(JsonNode spec, String path, List<FieldError> errs) {
        Set<String> volumes = new HashSet<>();
        List<ObjectNode> vols = Json.objects(spec, "volumes");
        for (int i = 0; i < vols.size(); i++) {
            String name = Json.text(vols.get(i), "name");
            String p = path + ".volumes[" + i + "].name";
            if (name.isEmpty()) {
                errs.add(FieldError.required(p, ""));
            } else {
                Validators.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(p, GoFmt.quote(name), m)));
                if (!volumes.add(name)) {
                    errs.add(new FieldError(FieldError.DUPLICATE, p, GoFmt.quote(name), ""));
                }
            }
        }
        List<ObjectNode> containers = Json.objects(spec, "containers");
        Set<String> names = new HashSet<>();
        if (containers.isEmpty()) {
            errs.add(FieldError.required(path + ".containers", ""));
        }
        validateContainers(containers, path + ".containers", names, errs);
        validateContainers(Json.objects(spec, "initContainers"), path + ".initContainers", names, errs);
        String restartPolicy = Json.text(spec, "restartPolicy");
        if (restartPolicy.isEmpty()) {
            errs.add(FieldError.required(path + ".restartPolicy", ""));
        } else if (!List.of("Always", "OnFailure", "Never").contains(restartPolicy)) {
            errs.add(FieldError.notSupported(path + ".restartPolicy", GoFmt.quote(restartPolicy),
                    List.of("Always", "OnFailure", "Never")));
        }
        String dnsPolicy = Json.text(spec, "dnsPolicy");
        List<String> dnsPolicies = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
        if (dnsPolicy.isEmpty()) {
            errs.add(FieldError.required(path + ".dnsPolicy", ""));
        } else if (!dnsPolicies.contains(dnsPolicy)) {
            errs.add(FieldError.notSupported(path + ".dnsPolicy", GoFmt.quote(dnsPolicy), dnsPolicies));
        }
        long grace = Json.num(spec, "terminationGracePeriodSeconds");
        if (grace < 0) {
            errs.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", Long.toString(grace),
                    "must be greater than or equal to 0"));
        }
        if (Json.present(spec, "activeDeadlineSeconds") && Json.num(spec, "activeDeadlineSeconds") <= 0) {
            errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", Long.toString(Json.num(spec, "activeDeadlineSeconds")),
                    "must be between 1 and 2147483647, inclusive"));
        }
    }

    static void validateContainers(List<ObjectNode> containers, String path, Set<String> names,
                                           List<FieldError> errs) {
        for (int i = 0; i < containers.size(); i++) {
            ObjectNode c = containers.get(i);
            String p = path + "[" + i + "]";
            String name = Json.text(c, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".name", ""));
            } else {
                Validators.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(p + ".name", GoFmt.quote(name), m)));
            }
            if (Json.text(c, "image").isEmpty()) {
                errs.add(FieldError.required(p + ".image", ""));
            }
            String tmp = Json.text(c, "terminationMessagePolicy");
            if (tmp.isEmpty()) {
                errs.add(FieldError.required(p + ".terminationMessagePolicy", ""));
            } else if (!List.of("File", "FallbackToLogsOnError").contains(tmp)) {
                errs.add(FieldError.notSupported(p + ".terminationMessagePolicy", GoFmt.quote(tmp),
                        List.of("File", "FallbackToLogsOnError")));
            }
            validatePorts(Json.objects(c, "ports"), p + ".ports", errs);
            validateResources(Json.at(c, "resources"), p + ".resources", errs);
            String pull = Json.text(c, "imagePullPolicy");
            List<String> policies = List.of("Always", "IfNotPresent", "Never");
            if (pull.isEmpty()) {
                errs.add(FieldError.required(p + ".imagePullPolicy", ""));
            } else if (!policies.contains(pull)) {
                errs.add(FieldError.notSupported(p + ".imagePullPolicy", GoFmt.quote(pull), policies));
            }
            // names are unique across containers and init containers; the later one is reported
            if (!name.isEmpty() && !names.add(name)) {
                errs.add(new FieldError(FieldError.DUPLICATE, p + ".name", GoFmt.quote(name), ""));
            }
        }
    }

    private static void validatePorts(List<ObjectNode> ports, String path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String p = path + "[" + i + "]";
            String name = Json.text(port, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Validators.portName(name);
                if (!msgs.isEmpty()) {
                    msgs.forEach(m -> errs.add(FieldError.invalid(p + ".name", GoFmt.quote(name), m)));
                } else if (!names.add(name)) {
                    errs.add(new FieldError(FieldError.DUPLICATE, p + ".name", GoFmt.quote(name), ""));
                }
            }
            long containerPort = Json.num(port, "containerPort");
            if (containerPort == 0) {
                errs.add(FieldError.required(p + ".containerPort", ""));
            } else {
                Validators.portNum(containerPort).forEach(m ->
                        errs.add(FieldError.invalid(p + ".containerPort", Long.toString(containerPort), m)));
            }
            long hostPort = Json.num(port, "hostPort");
            if (hostPort != 0) {
                Validators.portNum(hostPort).forEach(m ->
                        errs.add(FieldError.invalid(p + ".hostPort", Long.toString(hostPort), m)));
            }
            String protocol = Json.text(port, "protocol");
            if (protocol.isEmpty()) {
                errs.add(FieldError.required(p + ".protocol", ""));
            } else if (!PORT_PROTOCOLS.contains(protocol)) {
                errs.add(FieldError.notSupported(p + ".protocol", GoFmt.quote(protocol), PORT_PROTOCOLS));
            }
        }
    }

    /** ValidateResourceRequirements: non-negative quantities, requests no more than limits. */
    static void validateResources(JsonNode resources, String path, List<FieldError> errs) {
        Map<String, String> limits = Json.stringMap(resources, "limits");
        Map<String, String> requests = Json.stringMap(resources, "requests");
        limits.forEach((name, q) -> nonNegative(q, path + ".limits[" + name + "]", errs));
        requests.forEach((name, q) -> {
            nonNegative(q, path + ".requests[" + name + "]", errs);
            BigDecimal request = Quantities.value(q);
            BigDecimal limit = Quantities.value(limits.get(name));
            if (request == null || limit == null) {
                return;
            }
            String shown = GoFmt.quote(Quantities.canonical(q));
            String limitText = Quantities.canonical(limits.get(name));
            if (request.compareTo(limit) != 0 && !overcommitAllowed(name)) {
                errs.add(FieldError.invalid(path + ".requests", shown, "must be equal to " + name + " limit of " + limitText));
            } else if (request.compareTo(limit) > 0) {
                errs.add(FieldError.invalid(path + ".requests", shown,
                        "must be less than or equal to " + name + " limit of " + limitText));
            }
        });
    }

    private static void nonNegative(String quantity, String path, List<FieldError> errs) {
        BigDecimal v = Quantities.value(quantity);
        if (v != null && v.signum() < 0) {
            errs.add(FieldError.invalid(path, GoFmt.quote(Quantities.canonical(quantity)), "must be greater than or equal to 0"));
        }
    }

    /** helper.IsOvercommitAllowed: native resources except hugepages. */
    private static boolean overcommitAllowed(String name) {
        boolean nativeResource = !name.contains("/") || name.contains("kubernetes.io/");
        return nativeResource && !name.startsWith("hugepages-");
    }
}
