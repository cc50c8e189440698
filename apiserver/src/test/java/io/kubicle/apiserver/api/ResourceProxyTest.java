package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.apiserver.ApiError;
import org.junit.jupiter.api.Test;

/** The parts of a pod's or service's proxy that need no server: the id, the path, the pod's address, the rewrites. */
class ResourceProxyTest {
    @Test
    void theIdIsNameOrNamePortOrSchemeNamePort() {
        assertEquals(new ProxyAddress("", "web", ""), ProxyAddress.parse("web"));
        assertEquals(new ProxyAddress("", "web", "8080"), ProxyAddress.parse("web:8080"));
        assertEquals(new ProxyAddress("", "web", "http"), ProxyAddress.parse("web:http"));
        assertEquals(new ProxyAddress("https", "web", "8443"), ProxyAddress.parse("https:web:8443"));
        assertEquals("http", ProxyAddress.parse("web:80").schemeOrHttp());
        assertNull(ProxyAddress.parse("ftp:web:21"), "only http and https, as kube's SplitSchemeNamePort");
        assertNull(ProxyAddress.parse("a:b:c:d"));
        assertNull(ProxyAddress.parse(":80"));
    }

    @Test
    void thePathIsCutAfterTheProxySegmentKeepingItsEncodingAndTrailingSlash() {
        assertEquals(new ProxyPath("/clusters/ml/api/v1/namespaces/a/pods/web:80/proxy", "/v1/models/"),
                ProxyPath.of("/clusters/ml/api/v1/namespaces/a/pods/web:80/proxy/v1/models/", "pods"));
        assertEquals(new ProxyPath("/api/v1/namespaces/a/services/web/proxy", "/"),
                ProxyPath.of("/api/v1/namespaces/a/services/web/proxy", "services"));
        assertEquals(new ProxyPath("/api/v1/namespaces/a/pods/p/proxy", "/x%2Fy"),
                ProxyPath.of("/api/v1/namespaces/a/pods/p/proxy/x%2Fy", "pods"));
        // a namespace or a workspace named like a resource does not confuse the cut
        assertEquals(new ProxyPath("/clusters/pods/api/v1/namespaces/pods/pods/proxy/proxy", "/proxy"),
                ProxyPath.of("/clusters/pods/api/v1/namespaces/pods/pods/proxy/proxy/proxy", "pods"));
        assertTrue(ProxyPath.of("/api/v1/namespaces/a/pods/p/proxy/../../../secrets", "pods").climbs());
        assertTrue(ProxyPath.of("/api/v1/namespaces/a/pods/p/proxy/x/%2E%2e/y", "pods").climbs());
        assertTrue(ProxyPath.of("/api/v1/namespaces/a/pods/p/proxy/./y", "pods").climbs());
        assertFalse(ProxyPath.of("/api/v1/namespaces/a/pods/p/proxy/v1..2/.well-known/x", "pods").climbs());
        assertTrue(ProxyPath.isProxy("/clusters/ml/api/v1/namespaces/a/services/web:http/proxy/"));
        assertFalse(ProxyPath.isProxy("/clusters/ml/api/v1/namespaces/a/pods/web/log"));
        assertFalse(ProxyPath.isProxy("/clusters/ml/api/v1/namespaces/proxy/configmaps/proxy"));
    }

    @Test
    void aPodIsDialedAtItsIpAndTheFirstContainerPortUnlessOneIsNamed() {
        var pod = Json.MAPPER.createObjectNode();
        pod.putObject("spec").putArray("containers").addObject().put("name", "app").putArray("ports").addObject().put("containerPort", 8080);
        pod.putObject("status").put("podIP", "10.42.0.7").putArray("podIPs").addObject().put("ip", "10.42.0.7");
        assertEquals("http://10.42.0.7:8080", ProxyLocations.pod(pod, ProxyAddress.parse("web")));
        assertEquals("https://10.42.0.7:9443", ProxyLocations.pod(pod, ProxyAddress.parse("https:web:9443")));
        ApiError named = assertThrows(ApiError.class, () -> ProxyLocations.pod(pod, ProxyAddress.parse("web:http")));
        assertEquals(400, named.code());
    }

    /** kube's rule against aiming the server at itself: no loopback, link-local, unspecified, multicast or host names. */
    @Test
    void onlyGlobalUnicastAddressesAreDialed() {
        assertTrue(ProxyLocations.globalUnicast("10.42.0.7"));
        assertTrue(ProxyLocations.globalUnicast("fd00::7"));
        for (String refused : new String[] {"127.0.0.1", "::1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "fe80::1",
                "255.255.255.255", "", "metadata.google.internal", "localhost"}) {
            assertFalse(ProxyLocations.globalUnicast(refused), refused);
        }
        var pod = Json.MAPPER.createObjectNode();
        pod.putObject("status").put("podIP", "169.254.169.254");
        ApiError error = assertThrows(ApiError.class, () -> ProxyLocations.pod(pod, ProxyAddress.parse("web:80")));
        assertEquals("address not allowed", error.getMessage());
    }

    @Test
    void redirectsOnTheFarEndAreRewrittenUnderTheProxyPath() {
        String prefix = "/api/v1/namespaces/a/pods/web:80/proxy";
        assertEquals(prefix + "/login?next=%2F", HttpForwarding.rewriteLocation("/login?next=%2F", prefix, "10.42.0.7:80", "k:6443"));
        assertEquals(prefix + "/login", HttpForwarding.rewriteLocation("http://10.42.0.7:80/login", prefix, "10.42.0.7:80", "k:6443"));
        assertEquals(prefix + "/x/", HttpForwarding.rewriteLocation(prefix + "/x/", prefix, "10.42.0.7:80", "k:6443"),
                "already under the proxy path");
        assertEquals("https://example.com/login", HttpForwarding.rewriteLocation("https://example.com/login", prefix, "10.42.0.7:80",
                "k:6443"), "another host is left alone");
        assertEquals("login", HttpForwarding.rewriteLocation("login", prefix, "10.42.0.7:80", "k:6443"), "relative: left alone");
    }

    @Test
    void credentialsAndHopByHopHeadersStopHere() {
        for (String header : new String[] {"Authorization", "Impersonate-User", "Impersonate-Extra-scopes", "X-Remote-User",
                "X-Kubicle-Object-Uid", "Connection", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Authorization"}) {
            assertTrue(HttpForwarding.dropped(header), header);
        }
        for (String header : new String[] {"Content-Type", "Content-Length", "Accept", "Cookie", "X-Request-Id"}) {
            assertFalse(HttpForwarding.dropped(header), header);
        }
    }
}
