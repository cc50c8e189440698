package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ResourceCatalog catalog = ResourceCatalog.builtin();

    /** Renders to text and parses back, so the asserts see what a client sees. */
    private static JsonNode roundTrip(JsonNode document) throws Exception {
        return MAPPER.readTree(Discovery.toJson(document));
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static JsonNode item(JsonNode aggregatedList, String group) {
        for (JsonNode item : aggregatedList.get("items")) {
            if (item.at("/metadata/name").asText().equals(group)) {
                return item;
            }
        }
        throw new AssertionError("no group " + group);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void apiVersions() throws Exception {
        JsonNode api = roundTrip(Discovery.apiVersions("10.0.0.1:6443"));
        assertEquals("APIVersions", api.get("kind").asText());
        assertEquals(List.of("v1"), texts(api.get("versions")));
        assertEquals("0.0.0.0/0", api.at("/serverAddressByClientCIDRs/0/clientCIDR").asText());
        assertEquals("10.0.0.1:6443", api.at("/serverAddressByClientCIDRs/0/serverAddress").asText());
    }

    @Test
    void coreResourceListHasKubesShape() throws Exception {
        JsonNode list = roundTrip(Discovery.apiResourceList(catalog, "", "v1").orElseThrow());
        assertEquals("APIResourceList", list.get("kind").asText());
        assertEquals("v1", list.get("groupVersion").asText());
        assertFalse(list.has("apiVersion"), "kube-apiserver's /api/v1 carries no apiVersion");

        JsonNode pods = byField(list.get("resources"), "name", "pods");
        assertEquals("pod", pods.get("singularName").asText());
        assertTrue(pods.get("namespaced").asBoolean());
        assertEquals("Pod", pods.get("kind").asText());
        assertEquals(ResourceType.ALL_VERBS, texts(pods.get("verbs")));
        assertEquals(List.of("po"), texts(pods.get("shortNames")));
        assertEquals(List.of("all"), texts(pods.get("categories")));
        assertEquals("xPOwRZ+Yhw8=", pods.get("storageVersionHash").asText(), "the value kube-apiserver serves");

        JsonNode status = byField(list.get("resources"), "name", "pods/status");
        assertEquals(List.of("get", "patch", "update"), texts(status.get("verbs")));
        assertEquals("Pod", status.get("kind").asText());
        assertEquals("", status.get("singularName").asText());
        assertFalse(status.has("group"));
        assertFalse(status.has("storageVersionHash"));
        assertEquals(List.of("get"), texts(byField(list.get("resources"), "name", "pods/log").get("verbs")));
        assertEquals("PodExecOptions", byField(list.get("resources"), "name", "pods/exec").get("kind").asText());
        assertEquals(List.of("create", "get"), texts(byField(list.get("resources"), "name", "pods/exec").get("verbs")));

        JsonNode eviction = byField(list.get("resources"), "name", "pods/eviction");
        assertEquals("policy", eviction.get("group").asText());
        assertEquals("v1", eviction.get("version").asText());
        assertEquals("Eviction", eviction.get("kind").asText());
        assertEquals(List.of("create"), texts(eviction.get("verbs")));
        JsonNode token = byField(list.get("resources"), "name", "serviceaccounts/token");
        assertEquals("authentication.k8s.io", token.get("group").asText());
        assertEquals("TokenRequest", token.get("kind").asText());
        JsonNode scale = byField(list.get("resources"), "name", "replicationcontrollers/scale");
        assertEquals("autoscaling", scale.get("group").asText());
        assertEquals("Scale", scale.get("kind").asText());
        assertEquals("NodeProxyOptions", byField(list.get("resources"), "name", "nodes/proxy").get("kind").asText());
        assertEquals(List.of("update"), texts(byField(list.get("resources"), "name", "namespaces/finalize").get("verbs")));

        JsonNode bindings = byField(list.get("resources"), "name", "bindings");
        assertFalse(bindings.has("storageVersionHash"), "not stored, so no hash");
        assertFalse(bindings.has("shortNames"), "empty lists are left out");
        assertFalse(byField(list.get("resources"), "name", "secrets").has("categories"));
        assertEquals("qFsyl6wFWjQ=", byField(list.get("resources"), "name", "configmaps").get("storageVersionHash").asText());

        List<String> names = new ArrayList<>();
        list.get("resources").forEach(r -> names.add(r.get("name").asText()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names, "kube lists resources sorted by name");
        assertTrue(names.indexOf("pods/status") > names.indexOf("pods") && names.indexOf("pods/status") < names.indexOf("podtemplates"));
    }

    @Test
    void groupResourceLists() throws Exception {
        JsonNode apps = roundTrip(Discovery.apiResourceList(catalog, "apps", "v1").orElseThrow());
        assertEquals("v1", apps.get("apiVersion").asText());
        assertEquals("apps/v1", apps.get("groupVersion").asText());
        JsonNode deployments = byField(apps.get("resources"), "name", "deployments");
        assertEquals(List.of("deploy"), texts(deployments.get("shortNames")));
        assertEquals("8aSe+NMegvE=", deployments.get("storageVersionHash").asText());
        JsonNode scale = byField(apps.get("resources"), "name", "deployments/scale");
        assertEquals("autoscaling", scale.get("group").asText());
        assertEquals("v1", scale.get("version").asText());
        assertEquals("Scale", scale.get("kind").asText());

        JsonNode events = roundTrip(Discovery.apiResourceList(catalog, "events.k8s.io", "v1").orElseThrow());
        assertEquals("r2yiGXH7wu8=", byField(events.get("resources"), "name", "events").get("storageVersionHash").asText(),
                "events.k8s.io events share core Event storage in kube");
        JsonNode hpaV1 = roundTrip(Discovery.apiResourceList(catalog, "autoscaling", "v1").orElseThrow());
        assertEquals("qwQve8ut294=", byField(hpaV1.get("resources"), "name", "horizontalpodautoscalers")
                .get("storageVersionHash").asText(), "both HPA versions are stored as autoscaling/v2");
        JsonNode authz = roundTrip(Discovery.apiResourceList(catalog, "authorization.k8s.io", "v1").orElseThrow());
        assertEquals(List.of("create"), texts(byField(authz.get("resources"), "name", "selfsubjectaccessreviews").get("verbs")));

        JsonNode tenancy = roundTrip(Discovery.apiResourceList(catalog, "tenancy.kubicle.io", "v1alpha1").orElseThrow());
        assertEquals(List.of("get"), texts(byField(tenancy.get("resources"), "name", "workspaces/kubeconfig").get("verbs")));

        assertTrue(Discovery.apiResourceList(catalog, "apps", "v1beta1").isEmpty());
        assertTrue(Discovery.apiResourceList(catalog, "", "v2").isEmpty());
    }

    @Test
    void groupListAndGroup() throws Exception {
        JsonNode list = roundTrip(Discovery.apiGroupList(catalog));
        assertEquals("APIGroupList", list.get("kind").asText());
        assertEquals("v1", list.get("apiVersion").asText());
        assertEquals("apps", list.at("/groups/0/name").asText(), "the core group is not in /apis");
        assertEquals(catalog.groups().size() - 1, list.get("groups").size());
        JsonNode autoscaling = byField(list.get("groups"), "name", "autoscaling");
        assertEquals(List.of("autoscaling/v2", "autoscaling/v1"), autoscaling.get("versions").findValuesAsText("groupVersion"));
        assertEquals("autoscaling/v2", autoscaling.at("/preferredVersion/groupVersion").asText());
        assertEquals("v2", autoscaling.at("/preferredVersion/version").asText());

        JsonNode apps = roundTrip(Discovery.apiGroup(catalog, "apps").orElseThrow());
        assertEquals("APIGroup", apps.get("kind").asText());
        assertEquals("v1", apps.get("apiVersion").asText());
        assertEquals("apps/v1", apps.at("/versions/0/groupVersion").asText());
        assertTrue(Discovery.apiGroup(catalog, "nope.example.com").isEmpty());
        assertTrue(Discovery.apiGroup(catalog, "").isEmpty());
    }

    @Test
    void aggregatedCore() throws Exception {
        JsonNode list = roundTrip(Discovery.aggregatedCore(catalog));
        assertEquals("APIGroupDiscoveryList", list.get("kind").asText());
        assertEquals("apidiscovery.k8s.io/v2", list.get("apiVersion").asText());
        assertEquals(1, list.get("items").size());
        JsonNode core = list.at("/items/0");
        assertEquals("", core.at("/metadata/name").asText());
        JsonNode v1 = core.at("/versions/0");
        assertEquals("v1", v1.get("version").asText());
        assertEquals("Current", v1.get("freshness").asText());

        JsonNode pods = byField(v1.get("resources"), "resource", "pods");
        assertEquals("Pod", pods.at("/responseKind/kind").asText());
        assertEquals("", pods.at("/responseKind/group").asText());
        assertEquals("", pods.at("/responseKind/version").asText());
        assertEquals("Namespaced", pods.get("scope").asText());
        assertEquals("pod", pods.get("singularResource").asText());
        assertEquals(List.of("po"), texts(pods.get("shortNames")));
        assertEquals(List.of("all"), texts(pods.get("categories")));
        JsonNode eviction = byField(pods.get("subresources"), "subresource", "eviction");
        assertEquals("policy", eviction.at("/responseKind/group").asText());
        assertEquals("v1", eviction.at("/responseKind/version").asText());
        assertEquals("Eviction", eviction.at("/responseKind/kind").asText());
        assertEquals(List.of("create"), texts(eviction.get("verbs")));
        JsonNode status = byField(pods.get("subresources"), "subresource", "status");
        assertEquals("Pod", status.at("/responseKind/kind").asText());
        assertEquals(List.of("get", "patch", "update"), texts(status.get("verbs")));
        assertEquals("Cluster", byField(v1.get("resources"), "resource", "nodes").get("scope").asText());
        v1.get("resources").forEach(r -> assertFalse(r.get("resource").asText().contains("/"), "subresources are nested"));
        assertFalse(byField(v1.get("resources"), "resource", "configmaps").has("subresources"));
    }

    @Test
    void aggregatedGroups() throws Exception {
        JsonNode list = roundTrip(Discovery.aggregatedGroups(catalog));
        assertEquals("APIGroupDiscoveryList", list.get("kind").asText());
        assertEquals("apps", list.at("/items/0/metadata/name").asText());
        assertEquals(catalog.groups().size() - 1, list.get("items").size());
        JsonNode autoscaling = item(list, "autoscaling");
        assertEquals("v2", autoscaling.at("/versions/0/version").asText());
        assertEquals("v1", autoscaling.at("/versions/1/version").asText());

        JsonNode apps = list.at("/items/0/versions/0/resources");
        JsonNode deployments = byField(apps, "resource", "deployments");
        JsonNode scale = byField(deployments.get("subresources"), "subresource", "scale");
        assertEquals("autoscaling", scale.at("/responseKind/group").asText());
        assertEquals("v1", scale.at("/responseKind/version").asText());
        assertEquals("Scale", scale.at("/responseKind/kind").asText());
        assertEquals(List.of("deploy"), texts(deployments.get("shortNames")));

        JsonNode crds = byField(item(list, "apiextensions.k8s.io").at("/versions/0/resources"), "resource",
                "customresourcedefinitions");
        JsonNode workspaces = byField(item(list, "tenancy.kubicle.io").at("/versions/0/resources"), "resource", "workspaces");
        assertEquals(List.of("crd", "crds"), texts(crds.get("shortNames")));
        assertEquals(List.of("api-extensions"), texts(crds.get("categories")));
        assertEquals("Cluster", crds.get("scope").asText());
        assertEquals(List.of("get"), texts(byField(workspaces.get("subresources"), "subresource", "kubeconfig").get("verbs")));
    }

    @Test
    void aggregatedAndLegacyAgree() throws Exception {
        for (String group : catalog.groups()) {
            for (String version : catalog.versions(group)) {
                JsonNode legacy = roundTrip(Discovery.apiResourceList(catalog, group, version).orElseThrow());
                for (ResourceType type : catalog.resources(group, version)) {
                    JsonNode entry = byField(legacy.get("resources"), "name", type.resource());
                    assertEquals(type.verbs(), texts(entry.get("verbs")), type.toString());
                    for (String sub : type.subresources()) {
                        byField(legacy.get("resources"), "name", type.resource() + "/" + sub);
                    }
                }
            }
        }
    }

    @Test
    void wantsAggregatedOnRealAcceptHeaders() {
        String json = "application/json";
        String v2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        String v2beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        // client-go (kubectl 1.3x): AcceptV2 + "," + AcceptV2Beta1 + "," + AcceptV1
        assertTrue(Discovery.wantsAggregated(v2 + "," + v2beta1 + "," + json));
        // newer client-go: AcceptV2NoPeer first
        assertTrue(Discovery.wantsAggregated(v2 + ";profile=nopeer," + v2 + "," + v2beta1 + "," + json));
        assertTrue(Discovery.wantsAggregated(v2 + "," + json));
        assertTrue(Discovery.wantsAggregated("application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"));
        assertTrue(Discovery.wantsAggregated("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                + v2 + "," + json), "we skip the protobuf form and answer JSON");

        assertFalse(Discovery.wantsAggregated(json));
        assertFalse(Discovery.wantsAggregated(null));
        assertFalse(Discovery.wantsAggregated(""));
        assertFalse(Discovery.wantsAggregated("*/*"));
        assertFalse(Discovery.wantsAggregated(v2beta1 + "," + json), "we answer only v2");
        assertFalse(Discovery.wantsAggregated(json + "," + v2), "the client put legacy first");
        assertFalse(Discovery.wantsAggregated(v2 + ";q=0," + json));
        assertTrue(Discovery.wantsAggregated(json + ";q=0.5," + v2), "a higher q wins over the order");
        assertFalse(Discovery.wantsAggregated("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"));
    }

    @Test
    void contentTypeAndEtag() throws Exception {
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", Discovery.aggregatedContentType());
        String body = Discovery.toJson(Discovery.aggregatedGroups(catalog));
        String etag = Discovery.etag(body);
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        assertEquals(etag, Discovery.etag(Discovery.toJson(Discovery.aggregatedGroups(ResourceCatalog.builtin()))),
                "stable across renders");
        String withCrd = Discovery.toJson(Discovery.aggregatedGroups(catalog.plus(List.of(new ResourceType("example.com",
                "v1", "widgets", "Widget", "widget", true, ResourceType.ALL_VERBS, List.of(), List.of(), List.of())))));
        assertNotEquals(etag, Discovery.etag(withCrd));

        assertTrue(Discovery.notModified(etag, etag));
        assertTrue(Discovery.notModified("\"other\", W/" + etag, etag));
        assertTrue(Discovery.notModified("*", etag));
        assertFalse(Discovery.notModified("\"other\"", etag));
        assertFalse(Discovery.notModified(null, etag));
    }
}
