package io.kubicle.apiserver.admission;

import static io.kubicle.apiserver.admission.PodView.containers;
import static io.kubicle.apiserver.admission.PodView.isTrue;
import static io.kubicle.apiserver.admission.PodView.joinQuote;
import static io.kubicle.apiserver.admission.PodView.name;
import static io.kubicle.apiserver.admission.PodView.pluralize;
import static io.kubicle.apiserver.admission.PodView.securityContext;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The baseline checks of k8s.io/pod-security-admission (policy version "latest"), each returning its
 * violation or null. Worded and ordered as kube's: {@link #ALWAYS} run at baseline and restricted,
 * {@link #OVERLAPPING} only at baseline (restricted replaces them with stricter checks).
 */
final class BaselineChecks {
    interface Check {
        PolicyViolation apply(PodView pod);
    }

    private static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    static final List<Check> ALWAYS = List.of(BaselineChecks::appArmor, BaselineChecks::hostNamespaces,
            BaselineChecks::hostPorts, BaselineChecks::probeHosts, BaselineChecks::privileged, BaselineChecks::procMount,
            BaselineChecks::seLinux, BaselineChecks::sysctls, BaselineChecks::windowsHostProcess);
    static final List<Check> OVERLAPPING = List.of(BaselineChecks::capabilities, BaselineChecks::hostPathVolumes,
            BaselineChecks::seccomp);

    private BaselineChecks() {
    }

    /** securityContext.appArmorProfile (pod and containers) may not be Unconfined; the beta annotations likewise. */
    static PolicyViolation appArmor(PodView pod) {
        List<String> setters = new ArrayList<>();
        Set<String> values = new TreeSet<>();
        String podType = pod.podSecurityContext().path("appArmorProfile").path("type").asText("");
        if (!podType.isEmpty() && !allowedAppArmorType(podType)) {
            setters.add("pod");
            values.add(podType);
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            String type = securityContext(c).path("appArmorProfile").path("type").asText("");
            if (!type.isEmpty() && !allowedAppArmorType(type)) {
                bad.add(name(c));
                values.add(type);
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        boolean annotated = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = pod.metadata().path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = e.getValue().asText("");
            if (e.getKey().startsWith(APPARMOR_PREFIX) && !(v.isEmpty() || v.equals("runtime/default")
                    || v.startsWith("localhost/"))) {
                annotated = true;
                values.add(e.getKey() + "=" + goQuote(v));
            }
        }
        if (annotated) {
            setters.add("annotations");
        }
        if (setters.isEmpty()) {
            return null;
        }
        return new PolicyViolation(pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
                String.join(" and ", setters) + " must not set AppArmor profile type to " + joinQuote(values));
    }

    private static boolean allowedAppArmorType(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    static PolicyViolation hostNamespaces(PodView pod) {
        Set<String> used = new TreeSet<>();
        for (String field : new String[] {"hostNetwork", "hostPID", "hostIPC"}) {
            if (isTrue(pod.spec().get(field))) {
                used.add(field + "=true");
            }
        }
        return used.isEmpty() ? null : new PolicyViolation("host namespaces", String.join(", ", used));
    }

    static PolicyViolation hostPorts(PodView pod) {
        List<String> bad = new ArrayList<>();
        Set<String> ports = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            boolean valid = true;
            for (JsonNode p : c.path("ports")) {
                int hostPort = p.path("hostPort").asInt(0);
                if (hostPort != 0) {
                    valid = false;
                    ports.add(Integer.toString(hostPort));
                }
            }
            if (!valid) {
                bad.add(name(c));
            }
        }
        if (bad.isEmpty()) {
            return null;
        }
        return new PolicyViolation("hostPort", containers(bad) + " " + pluralize("uses", "use", bad.size()) + " "
                + pluralize("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports));
    }

    static PolicyViolation probeHosts(PodView pod) {
        Set<String> bad = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            List<String> found = new ArrayList<>();
            for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
                handlerHosts(c.path(probe), found);
            }
            handlerHosts(c.path("lifecycle").path("postStart"), found);
            handlerHosts(c.path("lifecycle").path("preStop"), found);
            if (!found.isEmpty()) {
                bad.add(name(c));
                hosts.addAll(found);
            }
        }
        if (bad.isEmpty()) {
            return null;
        }
        return new PolicyViolation("probe or lifecycle host", pluralize("container", "containers", bad.size()) + " "
                + joinQuote(bad) + " " + pluralize("uses", "use", bad.size()) + " "
                + pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()) + " " + joinQuote(hosts));
    }

    private static void handlerHosts(JsonNode handler, List<String> into) {
        for (String kind : new String[] {"httpGet", "tcpSocket"}) {
            String host = handler.path(kind).path("host").asText("");
            if (!host.isEmpty()) {
                into.add(host);
            }
        }
    }

    static PolicyViolation privileged(PodView pod) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isTrue(securityContext(c).get("privileged"))) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null
                : new PolicyViolation("privileged", containers(bad) + " must not set securityContext.privileged=true");
    }

    static PolicyViolation procMount(PodView pod) {
        if (pod.userNamespaced()) {
            return null;
        }
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            JsonNode procMount = securityContext(c).get("procMount");
            if (procMount != null && !procMount.isNull() && !procMount.asText().equals("Default")) {
                bad.add(name(c));
                types.add(procMount.asText());
            }
        }
        return bad.isEmpty() ? null : new PolicyViolation("procMount", containers(bad)
                + " must not set securityContext.procMount to " + joinQuote(types));
    }

    static PolicyViolation seLinux(PodView pod) {
        Set<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        List<String> setters = new ArrayList<>();
        JsonNode podOptions = pod.podSecurityContext().get("seLinuxOptions");
        if (podOptions != null && podOptions.isObject() && !validSeLinux(podOptions, badTypes, userRole)) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode options = securityContext(c).get("seLinuxOptions");
            if (options != null && options.isObject() && !validSeLinux(options, badTypes, userRole)) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        if (setters.isEmpty()) {
            return null;
        }
        // kube only lists user/role when a bad type was also found; its wording is kept as is
        List<String> data = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            data.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
            if (userRole[0]) {
                data.add("user may not be set");
            }
            if (userRole[1]) {
                data.add("role may not be set");
            }
        }
        return new PolicyViolation("seLinuxOptions", String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data));
    }

    private static boolean validSeLinux(JsonNode options, Set<String> badTypes, boolean[] userRole) {
        boolean valid = true;
        String type = options.path("type").asText("");
        if (!SELINUX_TYPES.contains(type)) {
            valid = false;
            badTypes.add(type);
        }
        if (!options.path("user").asText("").isEmpty()) {
            valid = false;
            userRole[0] = true;
        }
        if (!options.path("role").asText("").isEmpty()) {
            valid = false;
            userRole[1] = true;
        }
        return valid;
    }

    static PolicyViolation sysctls(PodView pod) {
        List<String> forbidden = new ArrayList<>();
        for (JsonNode s : pod.podSecurityContext().path("sysctls")) {
            String name = s.path("name").asText("");
            if (!SAFE_SYSCTLS.contains(name)) {
                forbidden.add(name);
            }
        }
        return forbidden.isEmpty() ? null : new PolicyViolation("forbidden sysctls", String.join(", ", forbidden));
    }

    static PolicyViolation windowsHostProcess(PodView pod) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isTrue(securityContext(c).path("windowsOptions").get("hostProcess"))) {
                bad.add(name(c));
            }
        }
        List<String> setters = new ArrayList<>();
        if (isTrue(pod.podSecurityContext().path("windowsOptions").get("hostProcess"))) {
            setters.add("pod");
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return setters.isEmpty() ? null : new PolicyViolation("hostProcess", String.join(" and ", setters)
                + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    static PolicyViolation capabilities(PodView pod) {
        List<String> bad = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            boolean valid = true;
            for (JsonNode cap : securityContext(c).path("capabilities").path("add")) {
                if (!DEFAULT_CAPABILITIES.contains(cap.asText())) {
                    valid = false;
                    added.add(cap.asText());
                }
            }
            if (!valid) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new PolicyViolation("non-default capabilities", containers(bad)
                + " must not include " + joinQuote(added) + " in securityContext.capabilities.add");
    }

    static PolicyViolation hostPathVolumes(PodView pod) {
        List<String> volumes = new ArrayList<>();
        for (JsonNode v : pod.spec().path("volumes")) {
            if (v.has("hostPath") && !v.get("hostPath").isNull()) {
                volumes.add(v.path("name").asText(""));
            }
        }
        return volumes.isEmpty() ? null : new PolicyViolation("hostPath volumes",
                pluralize("volume", "volumes", volumes.size()) + " " + joinQuote(volumes));
    }

    static PolicyViolation seccomp(PodView pod) {
        List<String> setters = new ArrayList<>();
        Set<String> values = new TreeSet<>();
        JsonNode podProfile = pod.podSecurityContext().get("seccompProfile");
        if (podProfile != null && podProfile.isObject() && !validSeccomp(podProfile)) {
            setters.add("pod");
            values.add(podProfile.path("type").asText(""));
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode profile = securityContext(c).get("seccompProfile");
            if (profile != null && profile.isObject() && !validSeccomp(profile)) {
                bad.add(name(c));
                values.add(profile.path("type").asText(""));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return setters.isEmpty() ? null : new PolicyViolation("seccompProfile", String.join(" and ", setters)
                + " must not set securityContext.seccompProfile.type to " + joinQuote(values));
    }

    static boolean validSeccomp(JsonNode profile) {
        String type = profile.path("type").asText("");
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    /** Go's %q for the plain strings annotations hold. */
    static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
