package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What the syncer changes in a proxied answer: the host's proxy path back to the tenant's, and nothing else. */
class HostProxyTest {
    static final String HOST = "/api/v1/namespaces/kc-ml-default-0a1b2c3d/pods/web:8080/proxy";
    static final String TENANT = "/clusters/ml/api/v1/namespaces/default/pods/web:8080/proxy";

    @Test
    void theHostsProxyPathBecomesTheTenantsInRedirectsAndPages() {
        HostProxy.Rewrite rewrite = new HostProxy.Rewrite(HOST, TENANT);
        assertEquals(TENANT + "/login?next=%2F", rewrite.apply(HOST + "/login?next=%2F"));
        assertEquals(TENANT + "/login", rewrite.apply("https://10.0.0.1:6443" + HOST + "/login"),
                "the host's own address would not reach the tenant's server");
        assertEquals("https://example.com/x", rewrite.apply("https://example.com/x"));
        assertEquals("<a href=\"" + TENANT + "/a\">a</a><img src=\"" + TENANT + "/b.png\">",
                rewrite.apply("<a href=\"" + HOST + "/a\">a</a><img src=\"" + HOST + "/b.png\">"));
        assertEquals(HOST + "/a", new HostProxy.Rewrite(HOST, null).apply(HOST + "/a"), "no tenant path: nothing to put back");
    }

    @Test
    void aGzipPageIsUnpackedForTheRewriteAndAnythingElseIsLeft() throws Exception {
        byte[] page = "<html><a href=\"/x\">x</a></html>".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(page);
        }
        assertArrayEquals(page, HostProxy.gunzip(packed.toByteArray()));
        assertNull(HostProxy.gunzip(page), "not gzip: left as it came");
        assertTrue(HostProxy.isHtml("text/html; charset=utf-8"));
        assertFalse(HostProxy.isHtml("application/json"));
    }

    /** The host credential can read more than the tenant may: no proxy path steps out of the host pod's proxy. */
    @Test
    void dotSegmentsAreCaught() {
        assertTrue(HostProxy.climbs("/../../secrets"));
        assertTrue(HostProxy.climbs("/a/%2e%2E/b"));
        assertTrue(HostProxy.climbs("/."));
        assertFalse(HostProxy.climbs("/a.b/..c/.well-known"));
    }

    @Test
    void theObjectNameComesOutOfAnyIdForm() {
        assertEquals("web", HostProxy.nameOf("web"));
        assertEquals("web", HostProxy.nameOf("web:8080"));
        assertEquals("web", HostProxy.nameOf("https:web:8443"));
    }

    @Test
    void noIdentityGoesOnToTheHost() {
        for (String header : new String[] {"Authorization", "Impersonate-Group", "X-Remote-Group", "X-Kubicle-Proxy-Prefix",
                "Connection", "Keep-Alive", "HTTP2-Settings"}) {
            assertTrue(HostProxy.dropped(header), header);
        }
        assertFalse(HostProxy.dropped("Content-Type"));
        assertFalse(HostProxy.dropped("Cookie"));
    }
}
