package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.HumanDuration;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * batch/v1 Job: printJob (Status, Completions, Duration), SetDefaults_Job, validateJobSpec's main
 * checks and the update rules ({@link JobUpdateRules}), field selector status.successful, the generated
 * selector and template labels.
 */
public final class JobStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Status", "Status of the job."),
            Columns.str("Completions", "The number of pods which reached phase Succeeded. The value increases"
                    + " monotonically for a given spec. However, it may decrease in reaction to scale down of elastic"
                    + " indexed jobs."),
            Columns.str("Duration", "Time required to complete the job."),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "A label query over pods that should match the pod count. Normally, the system sets"
                    + " this field for you. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));

    @Override
    public void applyDefaults(ObjectNode job) {
        ObjectNode spec = Json.obj(job, "spec");
        if (Json.absent(spec, "completions") && Json.absent(spec, "parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        Json.defaultInt(spec, "parallelism", 1);
        Json.defaultInt(spec, "backoffLimit", Json.present(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        generateSelector(job, spec);
        ObjectNode templateLabels = Json.objAt(spec, "template", "metadata", "labels");
        if (templateLabels != null && Json.stringMap(job, "metadata", "labels").isEmpty()) {
            Json.obj(job, "metadata").set("labels", templateLabels.deepCopy());
        }
        Json.defaultText(spec, "completionMode", "NonIndexed");
        Json.defaultBool(spec, "suspend", false);
        for (ObjectNode rule : Json.objects(spec, "podFailurePolicy", "rules")) {
            for (ObjectNode pattern : Json.objects(rule, "onPodConditions")) {
                Json.defaultText(pattern, "status", "True");
            }
        }
        Json.defaultText(spec, "podReplacementPolicy", Json.present(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        Workloads.templateDefaults(spec);
    }

    /**
     * The job strategy's generateSelector: unless spec.manualSelector, the Job selects its pods by its
     * own uid, and its template carries the labels kube's job controller and kubectl logs job/x rely on.
     */
    private static void generateSelector(ObjectNode job, ObjectNode spec) {
        String uid = Json.text(job, "metadata", "uid");
        if (uid.isEmpty() || Json.bool(spec, "manualSelector") || Json.present(spec, "selector")) {
            return;
        }
        String name = Json.text(job, "metadata", "name");
        Json.obj(Json.obj(spec, "selector"), "matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        ObjectNode labels = Json.obj(Json.obj(Json.obj(spec, "template"), "metadata"), "labels");
        labels.put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name)
                .put("controller-uid", uid).put("job-name", name);
    }

    @Override
    public List<FieldError> validate(ObjectNode job, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        validateSpec(job.path("spec"), "spec", errs);
        if (old != null) {
            errs.addAll(JobUpdateRules.validate(job, old));
        }
        return errs;
    }

    /** validateJobSpec at {@code path} ("spec", or "spec.jobTemplate.spec" for CronJobs). */
    static void validateSpec(JsonNode spec, String path, List<FieldError> errs) {
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished")) {
            Workloads.nonNegative(spec, f, path + "." + f, errs);
        }
        String mode = Json.text(spec, "completionMode");
        if (!mode.isEmpty() && !List.of("NonIndexed", "Indexed").contains(mode)) {
            errs.add(FieldError.notSupported(path + ".completionMode", GoFmt.quote(mode), List.of("NonIndexed", "Indexed")));
        } else if (mode.equals("Indexed") && !Json.present(spec, "completions")) {
            errs.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
        }
        PodFailurePolicyValidation.validate(spec, path, errs);
        JsonNode template = spec.path("template");
        if (Json.bool(spec, "manualSelector") && spec.path("selector").isObject()) {
            Workloads.validateLabelSelector(spec.path("selector"), path + ".selector", errs);
            JsonNode labels = Json.at(template, "metadata", "labels");
            if (!LabelSelectors.matches(spec.path("selector"), Json.stringMap(labels))) {
                errs.add(FieldError.invalid(path + ".template.metadata.labels", GoFmt.stringMap(labels), Workloads.SELECTOR_MISMATCH));
            }
        }
        Workloads.validateTemplate(template, path + ".template", errs);
        String restartPolicy = Json.text(template, "spec", "restartPolicy");
        String p = path + ".template.spec.restartPolicy";
        boolean failurePolicy = Json.present(spec, "podFailurePolicy");
        if (restartPolicy.isEmpty() || restartPolicy.equals("Always")) {
            errs.add(FieldError.required(p, failurePolicy ? "only \"Never\" is supported when podFailurePolicy is specified"
                    : "valid values: \"OnFailure\", \"Never\""));
        } else if (!restartPolicy.equals("OnFailure") && !restartPolicy.equals("Never")) {
            errs.add(FieldError.notSupported(p, GoFmt.quote(restartPolicy), List.of("OnFailure", "Never")));
        } else if (failurePolicy && !restartPolicy.equals("Never")) {
            errs.add(FieldError.invalid(p, GoFmt.quote(restartPolicy), "only \"Never\" is supported when podFailurePolicy is specified"));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode job, Instant now) {
        JsonNode spec = job.path("spec");
        JsonNode status = job.path("status");
        long succeeded = Json.num(status, "succeeded");
        String completions;
        if (Json.present(spec, "completions")) {
            completions = succeeded + "/" + Json.num(spec, "completions");
        } else {
            long parallelism = Json.num(spec, "parallelism");
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        Instant start = Printing.time(status, "startTime");
        Instant completion = Printing.time(status, "completionTime");
        String duration = start == null ? ""
                : HumanDuration.format(Duration.between(start, completion == null ? now : completion));
        String jobStatus;
        if (condition(status, "Complete")) {
            jobStatus = "Complete";
        } else if (condition(status, "Failed")) {
            jobStatus = "Failed";
        } else if (Json.present(job, "metadata", "deletionTimestamp")) {
            jobStatus = "Terminating";
        } else if (condition(status, "Suspended")) {
            jobStatus = "Suspended";
        } else if (condition(status, "FailureTarget")) {
            jobStatus = "FailureTarget";
        } else {
            jobStatus = "Running";
        }
        String[] containers = Workloads.containerCells(spec);
        return List.of(Printing.name(job), jobStatus, completions, duration, Printing.age(job, now), containers[0],
                containers[1], LabelSelectors.format(spec.path("selector")));
    }

    /** hasJobCondition: the first condition of the type decides. */
    private static boolean condition(JsonNode status, String type) {
        for (JsonNode c : Json.items(status, "conditions")) {
            if (type.equals(Json.text(c, "type"))) {
                return "True".equals(Json.text(c, "status"));
            }
        }
        return false;
    }

    @Override
    public String fieldValue(ObjectNode job, String field) {
        return "status.successful".equals(field) ? Long.toString(Json.num(job, "status", "succeeded")) : null;
    }
}
