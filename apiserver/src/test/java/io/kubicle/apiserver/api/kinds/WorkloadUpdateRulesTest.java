package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.updateErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadUpdateRulesTest {
    private static final String TEMPLATE = """
            {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}""";
    private static final String SELECTOR_ERROR = "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{"
            + "app: web,tier: fe,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable";

    private static ObjectNode apps(String kind, String extraSpec) {
        return json("""
                {"apiVersion":"apps/v1","kind":"%s","metadata":{"name":"web","namespace":"default"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":%s%s}}""".formatted(kind, TEMPLATE, extraSpec));
    }

    private static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.get("spec");
    }

    private static void changeSelector(ObjectNode o) {
        spec(o).with("selector").with("matchLabels").put("tier", "fe");
        spec(o).with("template").with("metadata").with("labels").put("tier", "fe");
    }

    @Test
    void appsSelectorsAreImmutableButTemplatesAndReplicasChange() {
        for (KindStrategy s : List.of(new DeploymentStrategy(), new ReplicaSetStrategy(), new DaemonSetStrategy())) {
            ObjectNode old = apps("Deployment", "");
            assertEquals(List.of(SELECTOR_ERROR), updateErrors(s, old, WorkloadUpdateRulesTest::changeSelector), s.toString());
            assertEquals(List.of(), updateErrors(s, old, o -> {
                spec(o).put("replicas", 5);
                ((ObjectNode) spec(o).at("/template/spec/containers/0")).put("image", "nginx:1.28");
            }), s.toString());
        }
    }

    @Test
    void statefulSetSpecBeyondTheMutableFieldsIsForbidden() {
        StatefulSetStrategy s = new StatefulSetStrategy();
        ObjectNode old = apps("StatefulSet", ",\"serviceName\":\"web\"");
        assertEquals(List.of(), updateErrors(s, old, o -> {
            spec(o).put("replicas", 4).put("minReadySeconds", 3).put("revisionHistoryLimit", 2);
            ((ObjectNode) spec(o).at("/template/spec/containers/0")).put("image", "nginx:1.28");
            spec(o).with("updateStrategy").put("type", "OnDelete").remove("rollingUpdate");
            spec(o).with("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Delete");
        }));
        String forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                + " 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and"
                + " 'minReadySeconds' are forbidden";
        assertEquals(List.of(forbidden), updateErrors(s, old, o -> spec(o).put("serviceName", "other")));
        assertEquals(List.of(forbidden), updateErrors(s, old, o -> spec(o).putArray("volumeClaimTemplates").addObject()
                .putObject("metadata").put("name", "data")));
    }

    private static ObjectNode job(String extraSpec, String status) {
        return json("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default",
                  "uid":"0b6e7d7e-2f6c-4d2a-9b5e-1d1f7f7f7f7f"},
                 "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"perl"}]}}%s},
                 "status":%s}""".formatted(extraSpec, status));
    }

    @Test
    void jobTemplateSelectorAndCompletionsAreFixed() {
        JobStrategy s = new JobStrategy();
        ObjectNode old = job("", "{\"startTime\":\"2025-01-01T00:00:00Z\"}");
        assertEquals(List.of(), updateErrors(s, old, o -> spec(o).put("parallelism", 3).put("activeDeadlineSeconds", 60)
                .put("suspend", true)), "parallelism, deadlines and suspend may change");
        List<String> template = updateErrors(s, old, o -> ((ObjectNode) spec(o).at("/template/spec/containers/0")).put("image", "perl:2"));
        assertEquals(1, template.size(), template.toString());
        assertTrue(template.get(0).startsWith("spec.template: Invalid value: {") && template.get(0).endsWith(": field is immutable"),
                template.get(0));
        assertEquals(List.of("spec.completions: Invalid value: 3: field is immutable"),
                updateErrors(s, old, o -> spec(o).put("completions", 3)));
        List<String> selector = updateErrors(s, old, o -> spec(o).with("selector").with("matchLabels").put("x", "y"));
        assertTrue(selector.contains("spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{"
                + "batch.kubernetes.io/controller-uid: 0b6e7d7e-2f6c-4d2a-9b5e-1d1f7f7f7f7f,x: y,},"
                + "MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable"), selector.toString());
        assertEquals(List.of("spec.completionMode: Invalid value: \"Indexed\": field is immutable"),
                updateErrors(s, old, o -> spec(o).put("completionMode", "Indexed")));
    }

    @Test
    void indexedJobsScaleCompletionsWithParallelism() {
        JobStrategy s = new JobStrategy();
        ObjectNode old = job(",\"completionMode\":\"Indexed\",\"completions\":2,\"parallelism\":2", "{}");
        assertEquals(List.of(), updateErrors(s, old, o -> spec(o).put("completions", 4).put("parallelism", 4)));
        assertEquals(List.of("spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism"),
                updateErrors(s, old, o -> spec(o).put("completions", 4)));
    }

    @Test
    void suspendedJobsThatNeverRanMayMoveTheirPods() {
        JobStrategy s = new JobStrategy();
        ObjectNode old = job(",\"suspend\":true", "{}");
        assertEquals(List.of(), updateErrors(s, old, o -> {
            ObjectNode podSpec = (ObjectNode) spec(o).at("/template/spec");
            podSpec.with("nodeSelector").put("gpu", "a100");
            podSpec.withArray("tolerations").addObject().put("key", "gpu").put("operator", "Exists");
            ((ObjectNode) spec(o).at("/template")).with("metadata").with("annotations").put("queue", "q1");
        }));
        assertEquals(1, updateErrors(s, old, o -> ((ObjectNode) spec(o).at("/template/spec/containers/0")).put("image", "x")).size());
        ObjectNode started = job(",\"suspend\":true", "{\"startTime\":\"2025-01-01T00:00:00Z\"}");
        assertEquals(1, updateErrors(s, started, o -> ((ObjectNode) spec(o).at("/template/spec")).with("nodeSelector")
                .put("gpu", "a100")).size(), "a Job that ran once keeps its template");
    }
}
