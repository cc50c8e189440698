package io.kubicle.apiserver.api.patch;

import static io.kubicle.apiserver.api.patch.TestJson.assertJson;
import static io.kubicle.apiserver.api.patch.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Strategic merge patch on a Deployment, as kubectl set image / patch / apply (client-side) send them. */
class StrategicMergePatchTest {
    private static final PatchSchema DEPLOYMENT = PatchSchema.forKind("apps", "Deployment");

    private static final String LIVE = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","labels":{"app":"web","tier":"front"},"finalizers":["a.example.com/keep"]},
             "spec":{"replicas":2,"paused":false,
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                 "containers":[
                   {"name":"app","image":"app:1","env":[{"name":"MODE","value":"prod"}],"ports":[{"containerPort":80}]},
                   {"name":"sidecar","image":"proxy:1"}],
                 "tolerations":[{"key":"a","operator":"Exists"}],
                 "volumes":[{"name":"data","emptyDir":{}}]}}}}""";

    private static JsonNode patch(String patch) {
        return StrategicMergePatch.apply(json(LIVE), json(patch), DEPLOYMENT);
    }

    private static JsonNode containers(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers");
    }

    @Test
    void changesOneContainersImageByNameAndKeepsTheOther() {
        JsonNode out = patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"proxy:2\"}]}}}}");
        assertJson("""
                [{"name":"app","image":"app:1","env":[{"name":"MODE","value":"prod"}],"ports":[{"containerPort":80}]},
                 {"name":"sidecar","image":"proxy:2"}]""", containers(out));
    }

    @Test
    void withoutASchemaTheListIsReplaced() {
        JsonNode out = StrategicMergePatch.apply(json(LIVE),
                json("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"proxy:2\"}]}}}}"),
                PatchSchema.NONE);
        assertJson("[{\"name\":\"sidecar\",\"image\":\"proxy:2\"}]", containers(out));
    }

    @Test
    void addsAnEnvVarAndAPortByTheirKeys() {
        JsonNode out = patch("""
                {"spec":{"template":{"spec":{"containers":[{"name":"app",
                  "env":[{"name":"DEBUG","value":"1"},{"name":"MODE","value":"dev"}],
                  "ports":[{"containerPort":9090,"name":"metrics"}]}]}}}}""");
        assertJson("[{\"name\":\"DEBUG\",\"value\":\"1\"},{\"name\":\"MODE\",\"value\":\"dev\"}]",
                out.at("/spec/template/spec/containers/0/env"));
        // as in kube, items only the patch knows come before server-only items (no $setElementOrder given)
        assertJson("[{\"containerPort\":9090,\"name\":\"metrics\"},{\"containerPort\":80}]",
                out.at("/spec/template/spec/containers/0/ports"));
        assertEquals("proxy:1", out.at("/spec/template/spec/containers/1/image").asText());
    }

    @Test
    void deletesAContainerWithThePatchDirective() {
        JsonNode out = patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");
        assertEquals(1, containers(out).size());
        assertEquals("app", containers(out).get(0).get("name").asText());
    }

    @Test
    void replacesAListWithThePatchDirectiveElement() {
        JsonNode out = patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x\"},{\"$patch\":\"replace\"}]}}}}");
        assertJson("[{\"name\":\"only\",\"image\":\"x\"}]", containers(out));
    }

    @Test
    void replacesAMapWithThePatchDirective() {
        JsonNode out = patch("{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"team\":\"blue\"}}}");
        assertJson("{\"team\":\"blue\"}", out.at("/metadata/labels"));
    }

    @Test
    void setElementOrderReordersTheMergedList() {
        JsonNode out = patch("""
                {"spec":{"template":{"spec":{
                  "$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],
                  "containers":[{"name":"app","image":"app:2"}]}}}}""");
        assertEquals("sidecar", containers(out).get(0).get("name").asText());
        assertEquals("app", containers(out).get(1).get("name").asText());
        assertEquals("app:2", containers(out).get(1).get("image").asText());
        assertEquals(1, containers(out).get(1).get("env").size());
    }

    @Test
    void setElementOrderMustAgreeWithThePatchList() {
        PatchException e = assertThrows(PatchException.class, () -> patch("""
                {"spec":{"template":{"spec":{
                  "$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
                  "containers":[{"name":"sidecar","image":"b"},{"name":"app","image":"a"}]}}}}"""));
        assertEquals("The order in patch list:\n[map[image:b name:sidecar] map[image:a name:app]]\n doesn't match "
                + "$setElementOrder list:\n[map[name:app] map[name:sidecar]]\n", e.getMessage());
    }

    @Test
    void retainKeysClearsTheOtherVolumeSource() {
        JsonNode out = patch("""
                {"spec":{"template":{"spec":{"volumes":[
                  {"name":"data","$retainKeys":["hostPath","name"],"hostPath":{"path":"/srv"}}]}}}}""");
        assertJson("[{\"name\":\"data\",\"hostPath\":{\"path\":\"/srv\"}}]", out.at("/spec/template/spec/volumes"));
    }

    @Test
    void retainKeysOnTheDeploymentStrategy() {
        JsonNode out = patch("{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}");
        assertJson("{\"type\":\"Recreate\"}", out.at("/spec/strategy"));
        PatchException e = assertThrows(PatchException.class,
                () -> patch("{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":{\"maxSurge\":2}}}}"));
        assertEquals("invalid patch format of retainKeys", e.getMessage());
    }

    @Test
    void finalizersMergeAsASetAndDeleteFromPrimitiveList() {
        JsonNode added = patch("{\"metadata\":{\"finalizers\":[\"b.example.com/x\",\"a.example.com/keep\"]}}");
        assertJson("[\"b.example.com/x\",\"a.example.com/keep\"]", added.at("/metadata/finalizers"));
        JsonNode prepended = patch("{\"metadata\":{\"finalizers\":[\"b.example.com/x\"]}}");
        assertJson("[\"b.example.com/x\",\"a.example.com/keep\"]", prepended.at("/metadata/finalizers"));
        JsonNode ordered = patch("{\"metadata\":{\"$setElementOrder/finalizers\":[\"a.example.com/keep\",\"b.example.com/x\"],"
                + "\"finalizers\":[\"b.example.com/x\"]}}");
        assertJson("[\"a.example.com/keep\",\"b.example.com/x\"]", ordered.at("/metadata/finalizers"));
        JsonNode removed = patch("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a.example.com/keep\"]}}");
        assertJson("[]", removed.at("/metadata/finalizers"));
    }

    @Test
    void nullsDeleteKeys() {
        JsonNode out = patch("{\"metadata\":{\"labels\":{\"tier\":null}},\"spec\":{\"paused\":null}}");
        assertJson("{\"app\":\"web\"}", out.at("/metadata/labels"));
        assertEquals(false, out.get("spec").has("paused"));
    }

    @Test
    void atomicListsAreReplaced() {
        JsonNode out = patch("{\"spec\":{\"template\":{\"spec\":{\"tolerations\":[{\"key\":\"b\",\"operator\":\"Exists\"}]}}}}");
        assertJson("[{\"key\":\"b\",\"operator\":\"Exists\"}]", out.at("/spec/template/spec/tolerations"));
    }

    @Test
    void directivesInNewValuesAreProcessedNotStored() {
        JsonNode out = StrategicMergePatch.apply(json("{\"spec\":{}}"),
                json("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"$patch\":\"delete\"}]}}"),
                PatchSchema.forKind("", "Pod"));
        assertJson("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}", out);
    }

    @Test
    void reportsKubesMessages() {
        assertEquals("map: map[image:x] does not contain declared merge key: name", assertThrows(PatchException.class,
                () -> patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}")).getMessage());
        assertEquals("unknown patch type: frob in map: map[$patch:frob]", assertThrows(PatchException.class,
                () -> patch("{\"spec\":{\"$patch\":\"frob\"}}")).getMessage());
        assertEquals("json: cannot unmarshal array into Go value of type map[string]interface {}",
                assertThrows(PatchException.class, () -> patch("[]")).getMessage());
    }

    @Test
    void doesNotModifyItsInputs() {
        JsonNode live = json(LIVE);
        JsonNode p = json("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"$patch\":\"delete\"}]}}}}");
        StrategicMergePatch.apply(live, p, DEPLOYMENT);
        assertJson(LIVE, live);
        assertEquals("delete", p.at("/spec/template/spec/containers/0/$patch").asText());
    }
}
