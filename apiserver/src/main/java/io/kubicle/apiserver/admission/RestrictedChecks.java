package io.kubicle.apiserver.admission;

import static io.kubicle.apiserver.admission.PodView.containers;
import static io.kubicle.apiserver.admission.PodView.joinQuote;
import static io.kubicle.apiserver.admission.PodView.name;
import static io.kubicle.apiserver.admission.PodView.pluralize;
import static io.kubicle.apiserver.admission.PodView.securityContext;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The restricted-only checks of k8s.io/pod-security-admission ("latest"), in kube's order and words. */
final class RestrictedChecks {
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    static final List<BaselineChecks.Check> ALL = List.of(RestrictedChecks::allowPrivilegeEscalation,
            RestrictedChecks::capabilities, RestrictedChecks::volumes, RestrictedChecks::runAsNonRoot,
            RestrictedChecks::runAsUser, RestrictedChecks::seccomp);

    private RestrictedChecks() {
    }

    /** Linux-only fields: kube skips these checks for pods that declare the Windows OS. */
    private static boolean windows(PodView pod) {
        return pod.spec().path("os").path("name").asText("").equals("windows");
    }

    static PolicyViolation allowPrivilegeEscalation(PodView pod) {
        if (windows(pod)) {
            return null;
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode ape = securityContext(c).get("allowPrivilegeEscalation");
            if (ape == null || !ape.isBoolean() || ape.asBoolean()) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? null : new PolicyViolation("allowPrivilegeEscalation != false", containers(bad)
                + " must set securityContext.allowPrivilegeEscalation=false");
    }

    static PolicyViolation capabilities(PodView pod) {
        if (windows(pod)) {
            return null;
        }
        List<String> missingDropAll = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        Set<String> forbidden = new TreeSet<>();
        for (JsonNode c : pod.containers()) {
            JsonNode caps = securityContext(c).get("capabilities");
            if (caps == null || !caps.isObject()) {
                missingDropAll.add(name(c));
                continue;
            }
            boolean droppedAll = false;
            for (JsonNode d : caps.path("drop")) {
                droppedAll |= d.asText().equals("ALL");
            }
            if (!droppedAll) {
                missingDropAll.add(name(c));
            }
            boolean addedForbidden = false;
            for (JsonNode a : caps.path("add")) {
                if (!a.asText().equals("NET_BIND_SERVICE")) {
                    addedForbidden = true;
                    forbidden.add(a.asText());
                }
            }
            if (addedForbidden) {
                adding.add(name(c));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDropAll.isEmpty()) {
            details.add(containers(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(containers(adding) + " must not include " + joinQuote(forbidden)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? null : new PolicyViolation("unrestricted capabilities", String.join("; ", details));
    }

    static PolicyViolation volumes(PodView pod) {
        List<String> bad = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        for (JsonNode v : pod.spec().path("volumes")) {
            String type = volumeType(v);
            if (!ALLOWED_VOLUMES.contains(type)) {
                bad.add(v.path("name").asText(""));
                types.add(type);
            }
        }
        if (bad.isEmpty()) {
            return null;
        }
        return new PolicyViolation("restricted volume types", pluralize("volume", "volumes", bad.size()) + " "
                + joinQuote(bad) + " " + pluralize("uses", "use", bad.size()) + " "
                + pluralize("restricted volume type", "restricted volume types", types.size()) + " " + joinQuote(types));
    }

    /** The volume source a volume sets: its one field besides the name. */
    private static String volumeType(JsonNode volume) {
        for (Iterator<String> it = volume.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("name") && !volume.get(field).isNull()) {
                return field;
            }
        }
        return "";
    }

    static PolicyViolation runAsNonRoot(PodView pod) {
        if (pod.userNamespaced()) {
            return null;
        }
        List<String> setters = new ArrayList<>();
        boolean podNonRoot = false;
        JsonNode podValue = pod.podSecurityContext().get("runAsNonRoot");
        if (podValue != null && podValue.isBoolean()) {
            if (podValue.asBoolean()) {
                podNonRoot = true;
            } else {
                setters.add("pod");
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode value = securityContext(c).get("runAsNonRoot");
            if (value != null && value.isBoolean()) {
                if (!value.asBoolean()) {
                    explicit.add(name(c));
                }
            } else if (!podNonRoot) {
                implicit.add(name(c));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(containers(explicit));
        }
        if (!setters.isEmpty()) {
            return new PolicyViolation("runAsNonRoot != true", String.join(" and ", setters)
                    + " must not set securityContext.runAsNonRoot=false");
        }
        return implicit.isEmpty() ? null : new PolicyViolation("runAsNonRoot != true", "pod or " + containers(implicit)
                + " must set securityContext.runAsNonRoot=true");
    }

    static PolicyViolation runAsUser(PodView pod) {
        List<String> setters = new ArrayList<>();
        if (isZero(pod.podSecurityContext().get("runAsUser"))) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            if (isZero(securityContext(c).get("runAsUser"))) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(containers(bad));
        }
        return setters.isEmpty() ? null
                : new PolicyViolation("runAsUser=0", String.join(" and ", setters) + " must not set runAsUser=0");
    }

    private static boolean isZero(JsonNode n) {
        return n != null && n.isNumber() && n.asLong() == 0;
    }

    static PolicyViolation seccomp(PodView pod) {
        if (windows(pod)) {
            return null;
        }
        List<String> setters = new ArrayList<>();
        Set<String> values = new TreeSet<>();
        boolean podSet = false;
        JsonNode podProfile = pod.podSecurityContext().get("seccompProfile");
        if (podProfile != null && podProfile.isObject()) {
            if (BaselineChecks.validSeccomp(podProfile)) {
                podSet = true;
            } else {
                setters.add("pod");
                values.add(podProfile.path("type").asText(""));
            }
        }
        List<String> explicit = new ArrayList<>();
        List<String> implicit = new ArrayList<>();
        for (JsonNode c : pod.containers()) {
            JsonNode profile = securityContext(c).get("seccompProfile");
            if (profile != null && profile.isObject()) {
                if (!BaselineChecks.validSeccomp(profile)) {
                    explicit.add(name(c));
                    values.add(profile.path("type").asText(""));
                }
            } else if (!podSet) {
                implicit.add(name(c));
            }
        }
        if (!explicit.isEmpty()) {
            setters.add(containers(explicit));
        }
        if (!setters.isEmpty()) {
            return new PolicyViolation("seccompProfile", String.join(" and ", setters)
                    + " must not set securityContext.seccompProfile.type to " + joinQuote(values));
        }
        return implicit.isEmpty() ? null : new PolicyViolation("seccompProfile", "pod or " + containers(implicit)
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
}
