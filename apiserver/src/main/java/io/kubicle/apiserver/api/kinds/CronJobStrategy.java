package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** batch/v1 CronJob: printCronJob, SetDefaults_CronJob, ValidateCronJob's main checks (schedule, time zone, name length). */
public final class CronJobStrategy implements KindStrategy {
    private static final List<String> POLICIES = List.of("Allow", "Forbid", "Replace");
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.str("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            Columns.str("Timezone", "The time zone name for the given schedule, see"
                    + " https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default"
                    + " to the time zone of the kube-controller-manager process. The set of valid time zone names and the"
                    + " time zone offset is loaded from the system-wide time zone database by the API server during"
                    + " CronJob validation and the controller manager during execution. If no system-wide time zone"
                    + " database can be found a bundled version of the database is used instead. If the time zone name"
                    + " becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the"
                    + " controller will stop creating new new Jobs and will create a system event with the reason"
                    + " UnknownTimeZone. More information can be found in"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"),
            Columns.bool("Suspend", "This flag tells the controller to suspend subsequent executions, it does not apply"
                    + " to already started executions.  Defaults to false."),
            Columns.integer("Active", "A list of pointers to currently running jobs."),
            Columns.str("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            Columns.AGE,
            Columns.WIDE_CONTAINERS,
            Columns.WIDE_IMAGES,
            Columns.wide("Selector", "A label query over pods that should match the pod count. Normally, the system sets"
                    + " this field for you. More info:"
                    + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"));

    @Override
    public void applyDefaults(ObjectNode object) {
        ObjectNode spec = Json.obj(object, "spec");
        Json.defaultText(spec, "concurrencyPolicy", "Allow");
        Json.defaultBool(spec, "suspend", false);
        Json.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Json.defaultInt(spec, "failedJobsHistoryLimit", 1);
        ObjectNode jobSpec = Json.objAt(spec, "jobTemplate", "spec");
        if (jobSpec != null) {
            Workloads.templateDefaults(jobSpec);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        String name = Json.text(object, "metadata", "name");
        if (name.length() > 52) {
            errs.add(FieldError.invalid("metadata.name", GoFmt.quote(name), "must be no more than 52 characters"));
        }
        JsonNode spec = object.path("spec");
        String schedule = Json.text(spec, "schedule");
        if (schedule.isEmpty()) {
            errs.add(FieldError.required("spec.schedule", ""));
        } else {
            String err = CronSchedule.parseError(schedule);
            if (err != null) {
                errs.add(FieldError.invalid("spec.schedule", GoFmt.quote(schedule), err));
            }
            boolean allowTZ = old != null && Json.text(old, "spec", "schedule").contains("TZ");
            if (allowTZ && schedule.contains("TZ") && Json.present(spec, "timeZone")) {
                errs.add(FieldError.invalid("spec.schedule", GoFmt.quote(schedule),
                        "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            } else if (!allowTZ && schedule.contains("TZ")) {
                errs.add(FieldError.invalid("spec.schedule", GoFmt.quote(schedule),
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        if (Json.present(spec, "timeZone")) {
            String tz = Json.text(spec, "timeZone");
            if (tz.isEmpty()) {
                errs.add(FieldError.invalid("spec.timeZone", "\"\"", "timeZone must be nil or non-empty string"));
            } else if (!CronSchedule.validZone(tz) || tz.equals("Local")) {
                errs.add(FieldError.invalid("spec.timeZone", GoFmt.quote(tz), "unknown time zone " + tz));
            }
        }
        String policy = Json.text(spec, "concurrencyPolicy");
        if (policy.isEmpty()) {
            errs.add(FieldError.required("spec.concurrencyPolicy", ""));
        } else if (!POLICIES.contains(policy)) {
            errs.add(FieldError.notSupported("spec.concurrencyPolicy", GoFmt.quote(policy), POLICIES));
        }
        for (String f : List.of("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")) {
            Workloads.nonNegative(spec, f, "spec." + f, errs);
        }
        JobStrategy.validateSpec(Json.at(spec, "jobTemplate", "spec"), "spec.jobTemplate.spec", errs);
        return errs;
    }

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode cj, Instant now) {
        JsonNode spec = cj.path("spec");
        JsonNode jobSpec = Json.at(spec, "jobTemplate", "spec");
        Instant last = Printing.time(cj, "status", "lastScheduleTime");
        String timeZone = Json.present(spec, "timeZone") ? Json.text(spec, "timeZone") : "<none>";
        String[] containers = Workloads.containerCells(jobSpec);
        return List.of(Printing.name(cj), Json.text(spec, "schedule"), timeZone, Printing.boolPtr(spec, "suspend"),
                (long) Json.items(cj, "status", "active").size(), last == null ? "<none>" : Printing.since(last, now),
                Printing.age(cj, now), containers[0], containers[1], LabelSelectors.format(jobSpec.path("selector")));
    }
}
