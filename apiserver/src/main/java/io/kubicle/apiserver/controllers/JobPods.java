package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.List;

/**
 * The pods a Job controller makes and the tracking finalizer on them: the template plus kube's job
 * labels; in Indexed mode the completion index as annotation and label, the JOB_COMPLETION_INDEX
 * variable read from that annotation through the downward API, hostname {@code <job>-<index>}, and
 * with backoffLimitPerIndex the index's failure counts carried over from the pod it replaces.
 */
final class JobPods {
    static final String FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
    private static final int MAX_GENERATE_NAME = 58;

    private JobPods() {
    }

    /** A NonIndexed pod of the Job. */
    static ObjectNode pod(ObjectNode job) {
        ObjectNode pod = Workload.podFromTemplate(job, job.path("spec").path("template"),
                Workload.ownerRef(job, "batch/v1", "Job"));
        ObjectNode labels = Json.metadata(pod).with("labels");
        labels.put("batch.kubernetes.io/controller-uid", Workload.uid(job)).put("batch.kubernetes.io/job-name",
                Workload.name(job)).put("controller-uid", Workload.uid(job)).put("job-name", Workload.name(job));
        Json.metadata(pod).withArray("finalizers").add(FINALIZER);
        return pod;
    }

    /**
     * The pod for one completion index; {@code replaced} is the latest failed pod of that index (or
     * null), whose failure counts the new pod continues when the Job has backoffLimitPerIndex.
     */
    static ObjectNode indexed(ObjectNode job, int index, JsonNode replaced) {
        ObjectNode pod = pod(job);
        ObjectNode meta = Json.metadata(pod);
        meta.put("generateName", generateName(Workload.name(job), index));
        ObjectNode annotations = meta.with("annotations");
        annotations.put(JobIndexes.INDEX, index + "");
        meta.with("labels").put(JobIndexes.INDEX, index + "");
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", Workload.name(job) + "-" + index);
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : spec.path(list)) {
                addIndexEnv((ObjectNode) container);
            }
        }
        if (job.path("spec").path("backoffLimitPerIndex").isNumber()) {
            int failures = 0;
            int ignored = 0;
            if (replaced != null) {
                failures = JobIndexes.count(replaced, JobIndexes.FAILURE_COUNT, 0);
                ignored = JobIndexes.count(replaced, JobIndexes.IGNORED_FAILURE_COUNT, 0);
                if (PodFailurePolicy.match(job, replaced).counts()) {
                    failures++;
                } else {
                    ignored++;
                }
            }
            annotations.put(JobIndexes.FAILURE_COUNT, failures + "");
            if (ignored > 0) {
                annotations.put(JobIndexes.IGNORED_FAILURE_COUNT, ignored + "");
            }
        }
        return pod;
    }

    /** podGenerateNameWithIndex: {@code <job>-<index>-}, the job name cut so the whole fits. */
    static String generateName(String job, int index) {
        String suffix = "-" + index + "-";
        String name = job + suffix;
        return name.length() > MAX_GENERATE_NAME ? name.substring(0, MAX_GENERATE_NAME - suffix.length()) + suffix : name;
    }

    private static void addIndexEnv(ObjectNode container) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(INDEX_ENV)) {
                return;
            }
        }
        ObjectNode env = container.withArray("env").addObject().put("name", INDEX_ENV);
        env.putObject("valueFrom").putObject("fieldRef")
                .put("fieldPath", "metadata.annotations['" + JobIndexes.INDEX + "']");
    }

    static boolean hasFinalizer(JsonNode pod) {
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (f.asText().equals(FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode withoutFinalizer(ObjectNode pod) {
        ObjectNode copy = pod.deepCopy();
        ArrayNode kept = Json.MAPPER.createArrayNode();
        copy.path("metadata").path("finalizers").forEach(f -> {
            if (!f.asText().equals(FINALIZER)) {
                kept.add(f);
            }
        });
        Workload.setOrRemove(Json.metadata(copy), "finalizers", kept);
        return copy;
    }
}
