package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubicle.apiserver.api.BuiltinResources;
import io.kubicle.apiserver.api.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed built-in spec, as {@link UpgradeSpec} wrote it: the types and kinds of Kubernetes 1.35. */
class BuiltinSpec135Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenApiV3 openApi = OpenApiV3.builtin();

    private JsonNode schemas(String groupVersionPath) throws Exception {
        return JSON.readTree(openApi.document(groupVersionPath).orElseThrow()).path("components").path("schemas");
    }

    @Test
    void podSpecHasFieldsAddedSince127WithTheirDescriptions() throws Exception {
        JsonNode core = schemas("api/v1");
        JsonNode podSpec = core.path("io.k8s.api.core.v1.PodSpec").path("properties");
        assertEquals("#/components/schemas/io.k8s.api.core.v1.ResourceRequirements",
                podSpec.path("resources").path("$ref").asText(), podSpec.path("resources").toString());
        assertTrue(podSpec.path("hostnameOverride").path("description").asText().startsWith("HostnameOverride"),
                podSpec.path("hostnameOverride").toString());
        JsonNode container = core.path("io.k8s.api.core.v1.Container").path("properties");
        assertEquals("string", container.path("restartPolicy").path("type").asText(), "sidecar containers");
        assertTrue(core.path("io.k8s.api.core.v1.Container").path("properties").has("resizePolicy"));
        // Fields of the base stay, so nothing the older spec accepted is refused.
        assertTrue(podSpec.has("containers") && podSpec.path("containers").has("x-kubernetes-patch-merge-key"));
    }

    @Test
    void resourceGroupServesDeviceClassWithKindAndPaths() throws Exception {
        JsonNode doc = JSON.readTree(openApi.document("apis/resource.k8s.io/v1").orElseThrow());
        JsonNode deviceClass = doc.path("components").path("schemas").path("io.k8s.api.resource.v1.DeviceClass");
        JsonNode gvk = deviceClass.path("x-kubernetes-group-version-kind").path(0);
        assertEquals("resource.k8s.io/v1/DeviceClass",
                gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/" + gvk.path("kind").asText());
        assertTrue(deviceClass.path("description").asText().startsWith("DeviceClass is a vendor"));
        JsonNode item = doc.path("paths").path("/apis/resource.k8s.io/v1/deviceclasses/{name}");
        assertEquals("patchResourceV1DeviceClass", item.path("patch").path("operationId").asText());
        assertEquals("resource_v1", item.path("patch").path("tags").path(0).asText());
        List<String> params = new ArrayList<>();
        item.path("patch").path("parameters").forEach(p -> params.add(p.path("name").asText()));
        assertTrue(params.contains("fieldValidation"), params.toString());
        assertEquals("#/components/schemas/io.k8s.api.resource.v1.DeviceClass", doc.path("paths")
                .path("/apis/resource.k8s.io/v1/deviceclasses").path("post").path("requestBody").path("content")
                .path("*/*").path("schema").path("$ref").asText());
        assertTrue(doc.path("components").path("schemas").has("io.k8s.api.resource.v1.DeviceClassSpec"));
    }

    @Test
    void everyServedKindHasASchemaAndEveryReferenceResolves() throws Exception {
        for (ResourceType type : BuiltinResources.all()) {
            if (type.group().equals(BuiltinResources.TENANCY_GROUP)) {
                continue;
            }
            String path = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.apiVersion();
            String kind = type.group() + "/" + type.version() + "/" + type.kind();
            JsonNode schemas = schemas(path);
            boolean found = false;
            for (JsonNode schema : schemas) {
                for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                    found |= kind.equals(gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/"
                            + gvk.path("kind").asText());
                }
            }
            assertTrue(found, kind);
            String text = schemas.toString();
            for (int at = text.indexOf(SpecSplitter.SCHEMA_REF); at >= 0; at = text.indexOf(SpecSplitter.SCHEMA_REF, at + 1)) {
                String name = text.substring(at + SpecSplitter.SCHEMA_REF.length(), text.indexOf('"', at));
                assertTrue(schemas.has(name), path + " refers to " + name);
            }
        }
    }

    @Test
    void newListsCarryKubesListMetadata() {
        PatchMeta reservedFor = openApi.listMerge("resource.k8s.io", "v1", "ResourceClaim",
                List.of("status", "reservedFor")).orElseThrow();
        assertEquals("uid", reservedFor.patchMergeKey());
        assertEquals(List.of("uid"), reservedFor.listMapKeys());
        PatchMeta hostIPs = openApi.listMerge("", "v1", "Pod", List.of("status", "hostIPs")).orElseThrow();
        assertEquals("ip", hostIPs.patchMergeKey());
    }

    @Test
    void operationNamesFollowKube() {
        assertEquals("flowcontrolApiserver_v1", KindPaths.tag("flowcontrol.apiserver.k8s.io", "v1"));
        assertEquals("FlowcontrolApiserverV1", KindPaths.operationGroup("flowcontrol.apiserver.k8s.io", "v1"));
        assertEquals("AdmissionregistrationV1", KindPaths.operationGroup("admissionregistration.k8s.io", "v1"));
        assertEquals("policy_v1", KindPaths.tag("policy", "v1"));
    }
}
