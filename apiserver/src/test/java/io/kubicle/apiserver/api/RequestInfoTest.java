package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestInfoTest {
    @Test
    void pathsResolveToVerbResourceNamespaceNameAndSubresource() {
        assertEquals(new RequestInfo("create", true, "", "v1", "pods", "default", "", ""),
                RequestInfo.parse("POST", "/api/v1/namespaces/default/pods", false));
        assertEquals(new RequestInfo("patch", true, "", "v1", "pods", "default", "web", "status"),
                RequestInfo.parse("PATCH", "//api/v1//namespaces/default/pods/web/status/", false));
        assertEquals(new RequestInfo("watch", false, "apps", "v1", "deployments", "", "", ""),
                RequestInfo.parse("GET", "/apis/apps/v1/deployments", true));
        assertEquals(new RequestInfo("get", true, "", "v1", "namespaces", "", "default", ""),
                RequestInfo.parse("GET", "/api/v1/namespaces/default", false));
        assertEquals(new RequestInfo("update", true, "", "v1", "namespaces", "", "gone", "finalize"),
                RequestInfo.parse("PUT", "/api/v1/namespaces/gone/finalize", false));
        assertEquals(new RequestInfo("deletecollection", false, "batch", "v1", "jobs", "ci", "", ""),
                RequestInfo.parse("DELETE", "/apis/batch/v1/namespaces/ci/jobs", false));
    }

    /** A proxy's path beyond "proxy" is the far end's: the subresource authorized and recorded is "proxy", as in kube. */
    @Test
    void aProxyPathIsTheProxySubresourceWhateverFollows() {
        assertEquals(new RequestInfo("create", true, "", "v1", "pods", "ml", "web:8080", "proxy"),
                RequestInfo.parse("POST", "/api/v1/namespaces/ml/pods/web:8080/proxy/v1/completions", false));
        assertEquals(new RequestInfo("get", true, "", "v1", "services", "ml", "https:web:metrics", "proxy"),
                RequestInfo.parse("GET", "/api/v1/namespaces/ml/services/https:web:metrics/proxy/", false));
        assertEquals(new RequestInfo("get", true, "", "v1", "pods", "ml", "web", "proxy"),
                RequestInfo.parse("GET", "/api/v1/namespaces/ml/pods/web/proxy", false));
    }

    @Test
    void discoveryAndForeignPathsAreNoResourceRequests() {
        assertNull(RequestInfo.parse("GET", "/", false));
        assertNull(RequestInfo.parse("GET", "///", false));
        assertNull(RequestInfo.parse("GET", "/api/v1", false));
        assertNull(RequestInfo.parse("GET", "/apis/apps/v1/", false));
        assertNull(RequestInfo.parse("GET", "/healthz", false));
    }
}
