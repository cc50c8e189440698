package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FieldTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenApiV3 openApi = OpenApiV3.builtin();

    private List<String> problems(String group, String kind, String json, Set<String> duplicates) throws Exception {
        return openApi.fieldTree(group, "v1", kind).orElseThrow().problems((ObjectNode) JSON.readTree(json), duplicates);
    }

    @Test
    void cleanDeploymentHasNoProblems() throws Exception {
        assertEquals(List.of(), problems("apps", "Deployment", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},
                 "annotations":{"a":"b"},"managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{"f:x":{}}}}]},
                 "spec":{"replicas":2,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}},
                  "selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                   "initContainers":[{"name":"log","image":"busybox","restartPolicy":"Always"}],
                   "containers":[{"name":"web","image":"nginx","resources":{"limits":{"cpu":"1"}},
                     "ports":[{"containerPort":80}]}],
                   "resources":{"limits":{"memory":"1Gi"}},"hostnameOverride":"h"}}},
                 "status":{"replicas":2}}""", Set.of()));
    }

    @Test
    void unknownFieldsAreNamedByTheirPathsInTheObjectsOrder() throws Exception {
        assertEquals(List.of("unknown field \"metadata.bogus\"", "unknown field \"spec.unknown1\"",
                        "unknown field \"spec.template.spec.containers[1].imagee\"",
                        "unknown field \"spec.template.spec.containers[1].ports[0].nope\""),
                problems("apps", "Deployment", """
                        {"metadata":{"name":"web","bogus":1},"spec":{"unknown1":"v","selector":{},
                         "template":{"spec":{"containers":[{"name":"a","image":"x"},
                          {"name":"b","imagee":"y","ports":[{"containerPort":1,"nope":true}]}]}}}}""", Set.of()));
    }

    @Test
    void duplicatesOfDeclaredFieldsAreReportedAndUnknownOnesOnlyAsUnknown() throws Exception {
        assertEquals(List.of("unknown field \"spec.unknownDupe\"", "duplicate field \"spec.paused\"",
                        "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\""),
                problems("apps", "Deployment", """
                        {"spec":{"unknownDupe":"b","paused":false,"template":{"spec":{"containers":[
                          {"name":"n","imagePullPolicy":"Never"}]}}}}""",
                        Set.of("spec.unknownDupe", "spec.paused", "spec.template.spec.containers[0].imagePullPolicy")));
    }

    @Test
    void mapsOfObjectsAndOpenFieldsAreWalkedAsKubeDecodes() throws Exception {
        // ConfigMap data is a map of strings: any key is fine.
        assertEquals(List.of(), problems("", "ConfigMap", "{\"data\":{\"any\":\"thing\"}}", Set.of()));
        // A ResourceQuota's hard limits are a map; a ControllerRevision's data is a RawExtension (open).
        assertEquals(List.of(), problems("apps", "ControllerRevision",
                "{\"data\":{\"spec\":{\"whatever\":1}},\"revision\":1}", Set.of()));
        // CRD schemas are recursive (JSONSchemaProps); their x-kubernetes-* fields are declared.
        assertEquals(List.of("unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.typo\""),
                problems("apiextensions.k8s.io", "CustomResourceDefinition", """
                        {"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"type":"object",
                         "properties":{"spec":{"type":"object","typo":1,"x-kubernetes-preserve-unknown-fields":true}}}}}]}}""",
                        Set.of()));
    }

    @Test
    void newKindsOf135AreChecked() throws Exception {
        assertEquals(List.of("unknown field \"spec.selectorz\""), problems("resource.k8s.io", "DeviceClass",
                "{\"spec\":{\"selectors\":[{\"cel\":{\"expression\":\"true\"}}],\"selectorz\":[]}}", Set.of()));
    }

    @Test
    void dropUnknownRemovesWhatProblemsReportsAndNothingElse() throws Exception {
        ObjectNode pod = (ObjectNode) JSON.readTree("""
                {"metadata":{"name":"p","bogus":1},"spec":{"containers":[{"name":"a","imagee":"x","image":"y"}],
                 "nodeSelector":{"disk":"ssd"}}}""");
        openApi.fieldTree("", "v1", "Pod").orElseThrow().dropUnknown(pod);
        assertEquals("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"y\"}],"
                + "\"nodeSelector\":{\"disk\":\"ssd\"}}}", pod.toString());
    }

    @Test
    void undeclaredNamesApplyPathsAsStructuredMergeDiffDoes() throws Exception {
        assertEquals(List.of(".spec.bogus", ".spec.template.spec.containers[name=\"web\"].imagee",
                        ".spec.template.spec.containers[name=\"web\"].ports[containerPort=80,protocol=\"TCP\"].x",
                        ".spec.template.spec.containers[1].nope"),
                openApi.fieldTree("apps", "v1", "Deployment").orElseThrow().undeclared((ObjectNode) JSON.readTree("""
                        {"spec":{"bogus":1,"template":{"spec":{"containers":[
                          {"name":"web","imagee":"x","ports":[{"containerPort":80,"protocol":"TCP","x":1}]},
                          {"nope":true}]}}}}""")));
    }

    @Test
    void treesAreCompiledOncePerKind() {
        assertSame(openApi.fieldTree("", "v1", "Pod").orElseThrow(), openApi.fieldTree("", "v1", "Pod").orElseThrow());
        assertEquals(true, openApi.fieldTree("", "v1", "NoSuchKind").isEmpty());
    }
}
