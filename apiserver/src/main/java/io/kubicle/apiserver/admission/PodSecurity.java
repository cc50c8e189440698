package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pod Security Standards evaluation as k8s.io/pod-security-admission does it: Pods are refused,
 * workload pod templates only produce warnings.
 */
public final class PodSecurity {
    /** Where each workload kind keeps its pod template. */
    private static final Map<String, String[]> TEMPLATES = Map.of(
            "/ReplicationController", new String[] {"spec", "template"},
            "/PodTemplate", new String[] {"template"},
            "apps/Deployment", new String[] {"spec", "template"},
            "apps/ReplicaSet", new String[] {"spec", "template"},
            "apps/StatefulSet", new String[] {"spec", "template"},
            "apps/DaemonSet", new String[] {"spec", "template"},
            "batch/Job", new String[] {"spec", "template"},
            "batch/CronJob", new String[] {"spec", "jobTemplate", "spec", "template"});

    private PodSecurity() {
    }

    /** The failed checks of a pod (metadata and spec) at a level, in kube's order; empty when allowed. */
    public static List<PolicyViolation> evaluate(PodSecurityLevel level, JsonNode metadata, JsonNode spec) {
        List<PolicyViolation> violations = new ArrayList<>();
        if (level == PodSecurityLevel.PRIVILEGED) {
            return violations;
        }
        PodView pod = new PodView(metadata, spec);
        run(BaselineChecks.ALWAYS, pod, violations);
        run(level == PodSecurityLevel.BASELINE ? BaselineChecks.OVERLAPPING : RestrictedChecks.ALL, pod, violations);
        return violations;
    }

    private static void run(List<BaselineChecks.Check> checks, PodView pod, List<PolicyViolation> into) {
        for (BaselineChecks.Check check : checks) {
            PolicyViolation v = check.apply(pod);
            if (v != null) {
                into.add(v);
            }
        }
    }

    /** "PodSecurity \"baseline:latest\": privileged (...), hostPath volumes (...)", without the verb. */
    public static String describe(PodSecurityLevel level, List<PolicyViolation> violations) {
        List<String> parts = violations.stream().map(PolicyViolation::toString).toList();
        return "PodSecurity \"" + level.label() + ":latest\": " + String.join(", ", parts);
    }

    /** The 403 for a pod that violates its namespace's level, or null when it complies. */
    public static ApiError checkPod(PodSecurityLevel level, ObjectNode pod) {
        List<PolicyViolation> violations = evaluate(level, pod.get("metadata"), pod.get("spec"));
        if (violations.isEmpty()) {
            return null;
        }
        String name = pod.path("metadata").path("name").asText("");
        return Statuses.forbidden("", "pods", name, "violates " + describe(level, violations));
    }

    /** The Warning text for a workload whose pod template would be refused, or null. */
    public static String warnTemplate(PodSecurityLevel level, String group, String kind, ObjectNode object) {
        String[] path = TEMPLATES.get(group + "/" + kind);
        if (path == null || level == PodSecurityLevel.PRIVILEGED) {
            return null;
        }
        JsonNode template = object;
        for (String step : path) {
            template = template.path(step);
        }
        if (!template.isObject()) {
            return null;
        }
        List<PolicyViolation> violations = evaluate(level, template.get("metadata"), template.get("spec"));
        return violations.isEmpty() ? null : "would violate " + describe(level, violations);
    }

    /** Updates that leave the pod spec and its security annotations alone are not re-checked (as in kube). */
    public static boolean significantUpdate(ObjectNode pod, ObjectNode old) {
        if (old == null) {
            return true;
        }
        return !pod.path("spec").equals(old.path("spec"))
                || !pod.path("metadata").path("annotations").equals(old.path("metadata").path("annotations"));
    }
}
