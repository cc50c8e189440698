package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceCatalogTest {
    private final ResourceCatalog catalog = ResourceCatalog.builtin();

    private ResourceType get(String group, String version, String resource) {
        return catalog.find(group, version, resource).orElseThrow(() -> new AssertionError(group + "/" + version + "/" + resource));
    }

    @Test
    void podsLookLikeKube() {
        ResourceType pods = get("", "v1", "pods");
        assertEquals("Pod", pods.kind());
        assertEquals("pod", pods.singular());
        assertTrue(pods.namespaced());
        assertEquals(List.of("po"), pods.shortNames());
        assertEquals(List.of("all"), pods.categories());
        assertEquals(ResourceType.ALL_VERBS, pods.verbs());
        assertEquals(List.of("attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy",
                "resize", "status"), pods.subresources());
    }

    @Test
    void wellKnownShortNamesCategoriesAndSubresources() {
        ResourceType deployments = catalog.findKind("apps", "v1", "Deployment").orElseThrow();
        assertEquals("deployments", deployments.resource());
        assertEquals(List.of("deploy"), deployments.shortNames());
        assertEquals(List.of("all"), deployments.categories());
        assertEquals(List.of("scale", "status"), deployments.subresources());

        ResourceType services = get("", "v1", "services");
        assertEquals(List.of("svc"), services.shortNames());
        assertEquals(List.of("all"), services.categories());
        assertEquals(List.of("proxy", "status"), services.subresources());

        ResourceType crds = get("apiextensions.k8s.io", "v1", "customresourcedefinitions");
        assertEquals(List.of("crd", "crds"), crds.shortNames());
        assertEquals(List.of("api-extensions"), crds.categories());
        assertFalse(crds.namespaced());

        assertEquals(List.of("ev"), get("", "v1", "events").shortNames());
        assertEquals(List.of("ev"), get("events.k8s.io", "v1", "events").shortNames());
        assertEquals(List.of(), get("", "v1", "events").categories(), "events are not in 'all'");
        assertEquals(List.of("token"), get("", "v1", "serviceaccounts").subresources());
        assertEquals(List.of("approval", "status"), get("certificates.k8s.io", "v1", "certificatesigningrequests").subresources());
        assertEquals(List.of("hpa"), get("autoscaling", "v2", "horizontalpodautoscalers").shortNames());
        assertEquals(List.of("all"), get("batch", "v1", "jobs").categories());
        assertEquals(List.of("cj"), get("batch", "v1", "cronjobs").shortNames());
    }

    @Test
    void theCategoryAllHoldsExactlyWhatKubeListsThere() {
        Set<String> all = new HashSet<>();
        for (ResourceType type : catalog.all()) {
            if (type.categories().contains("all")) {
                all.add(type.qualifiedResource() + "/" + type.version());
            }
        }
        assertEquals(Set.of("pods/v1", "services/v1", "replicationcontrollers/v1", "deployments.apps/v1",
                "replicasets.apps/v1", "statefulsets.apps/v1", "daemonsets.apps/v1", "jobs.batch/v1", "cronjobs.batch/v1",
                "horizontalpodautoscalers.autoscaling/v2", "horizontalpodautoscalers.autoscaling/v1"), all);
    }

    @Test
    void specialVerbs() {
        assertEquals(List.of("get", "list"), get("", "v1", "componentstatuses").verbs());
        assertEquals(List.of("create"), get("", "v1", "bindings").verbs());
        assertFalse(get("", "v1", "namespaces").supports("deletecollection"), "kube has no deletecollection on namespaces");
        assertEquals(List.of("finalize", "status"), get("", "v1", "namespaces").subresources());
        for (String review : List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews",
                "localsubjectaccessreviews")) {
            assertEquals(List.of("create"), get("authorization.k8s.io", "v1", review).verbs(), review);
        }
        assertEquals(List.of("create"), get("authentication.k8s.io", "v1", "tokenreviews").verbs());
        assertEquals(List.of("create"), get("authentication.k8s.io", "v1", "selfsubjectreviews").verbs());
        assertTrue(get("authorization.k8s.io", "v1", "localsubjectaccessreviews").namespaced());
        assertFalse(get("authorization.k8s.io", "v1", "selfsubjectaccessreviews").namespaced());
    }

    @Test
    void workspacesAreKubiclesOwn() {
        ResourceType ws = catalog.findKind("tenancy.kubicle.io", "v1alpha1", "Workspace").orElseThrow();
        assertEquals("workspaces", ws.resource());
        assertFalse(ws.namespaced());
        assertEquals(List.of("ws"), ws.shortNames());
        assertTrue(ws.hasSubresource("status"));
        assertTrue(ws.hasSubresource("kubeconfig"));
    }

    @Test
    void unknownLookupsAreEmpty() {
        assertTrue(catalog.find("apps", "v1", "pods").isEmpty());
        assertTrue(catalog.find("", "v2", "pods").isEmpty());
        assertTrue(catalog.find("", "v1", "Pod").isEmpty(), "find takes the plural resource, not the kind");
        assertTrue(catalog.findKind("", "v1", "pods").isEmpty());
        assertTrue(catalog.findKind("extensions", "v1beta1", "Deployment").isEmpty());
        assertEquals(List.of(), catalog.versions("extensions"));
        assertTrue(catalog.find(null, "v1", "configmaps").isPresent(), "null means the core group");
    }

    @Test
    void rowsAreUniqueAndNamedLikeKube() {
        Set<String> gvrs = new HashSet<>();
        Set<String> gvks = new HashSet<>();
        for (ResourceType type : catalog.all()) {
            assertTrue(gvrs.add(type.group() + "/" + type.version() + "/" + type.resource()), "duplicate " + type);
            assertTrue(gvks.add(type.group() + "/" + type.version() + "/" + type.kind()), "duplicate kind " + type);
            assertEquals(type.kind().toLowerCase(Locale.ROOT), type.singular(), type.toString());
            assertTrue(type.resource().equals(type.resource().toLowerCase(Locale.ROOT)), type.toString());
        }
        assertEquals(66, catalog.all().size(), "the built-in table changed: update this count deliberately");
    }

    @Test
    void groupsInKubeDiscoveryOrder() {
        assertEquals(List.of("", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling",
                "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io",
                "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io",
                "node.k8s.io", "discovery.k8s.io", "resource.k8s.io", "flowcontrol.apiserver.k8s.io", "tenancy.kubicle.io"),
                catalog.groups());
        assertEquals(List.of("v2", "v1"), catalog.versions("autoscaling"));
        assertEquals("v2", catalog.preferredVersion("autoscaling").orElseThrow());
        assertEquals(List.of("v1"), catalog.versions(""));
        assertTrue(catalog.servesGroupVersion("autoscaling", "v1"));
        assertTrue(catalog.servesGroupVersion("", "v1"));
        assertFalse(catalog.servesGroupVersion("apps", "v1beta1"));
        assertFalse(catalog.servesGroupVersion("nope.example.com", "v1"));
    }

    @Test
    void versionsSortKubeAware() {
        List<ResourceType> rows = new ArrayList<>();
        for (String v : List.of("v1alpha1", "foo10", "v1", "v1beta1", "v2beta1", "v11alpha2", "v1beta2", "foo1", "v2")) {
            rows.add(widget(v, "widgets", "Widget"));
        }
        assertEquals(List.of("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "foo1", "foo10"),
                ResourceCatalog.of(rows).versions("example.com"));
    }

    @Test
    void plusAddsAndReplacesWithoutTouchingTheBase() {
        ResourceType widgets = widget("v1", "widgets", "Widget");
        ResourceCatalog ws = catalog.plus(List.of(widgets, widget("v1", "gadgets", "Gadget"), widget("v2", "widgets", "Widget")));
        assertSame(widgets, ws.find("example.com", "v1", "widgets").orElseThrow());
        assertEquals("gadgets", ws.findKind("example.com", "v1", "Gadget").orElseThrow().resource());
        assertEquals(List.of("v2", "v1"), ws.versions("example.com"));
        assertEquals("example.com", ws.groups().get(ws.groups().size() - 1), "CRD groups come after the built-ins");
        assertEquals(catalog.all().size() + 3, ws.all().size());
        assertTrue(ws.find("", "v1", "pods").isPresent(), "built-ins stay visible");
        assertTrue(catalog.find("example.com", "v1", "widgets").isEmpty(), "the shared catalog is unchanged");
        assertFalse(catalog.groups().contains("example.com"));

        ResourceType myPods = new ResourceType("", "v1", "pods", "Pod", "pod", true, ResourceType.ALL_VERBS,
                List.of("p"), List.of(), List.of());
        ResourceCatalog replaced = ws.plus(List.of(myPods));
        assertSame(myPods, replaced.find("", "v1", "pods").orElseThrow());
        assertSame(myPods, replaced.findKind("", "v1", "Pod").orElseThrow());
        assertEquals(ws.all().size(), replaced.all().size(), "a replacement is not an addition");
        assertEquals(List.of("po"), catalog.find("", "v1", "pods").orElseThrow().shortNames());

        ResourceType renamed = new ResourceType("", "v1", "pods", "Pot", "pot", true, ResourceType.ALL_VERBS,
                List.of(), List.of(), List.of());
        assertTrue(catalog.plus(List.of(renamed)).findKind("", "v1", "Pod").isEmpty(),
                "the replaced row's kind no longer resolves");
        assertSame(catalog, catalog.plus(List.of()));
    }

    private static ResourceType widget(String version, String resource, String kind) {
        return new ResourceType("example.com", version, resource, kind, kind.toLowerCase(Locale.ROOT), true,
                ResourceType.ALL_VERBS, List.of(), List.of(), List.of());
    }
}
