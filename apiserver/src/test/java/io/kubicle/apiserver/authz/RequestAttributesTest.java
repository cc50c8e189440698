package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.RequestInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestAttributesTest {
    private static final UserInfo U = new UserInfo("u", List.of());

    private static Attributes of(String method, String path, boolean watch, String fieldSelector) {
        return RequestAttributes.of(U, RequestInfo.parse(method, path, watch), fieldSelector);
    }

    @Test
    void aNamespaceIsAuthorizedWithinItself() {
        Attributes a = of("GET", "/api/v1/namespaces/team", false, null);
        assertEquals("namespaces", a.resource());
        assertEquals("team", a.namespace());
        assertEquals("team", a.name());
        assertEquals("", of("GET", "/api/v1/namespaces", false, null).namespace());
    }

    @Test
    void fieldSelectorOnNameNamesTheObjectOfListAndWatch() {
        Attributes a = of("GET", "/api/v1/namespaces/team/pods", true, "metadata.name=web");
        assertEquals("watch", a.verb());
        assertEquals("web", a.name());
        assertEquals("", of("GET", "/api/v1/namespaces/team/pods", false, "metadata.name!=web").name());
        assertEquals("web", of("GET", "/api/v1/pods", false, "status.phase=Running,metadata.name==web").name());
    }

    @Test
    void subresourcesAndCollectionsKeepKubesVerbs() {
        Attributes log = of("GET", "/api/v1/namespaces/team/pods/web/log", false, null);
        assertEquals("get", log.verb());
        assertEquals("log", log.subresource());
        assertEquals("deletecollection", of("DELETE", "/apis/apps/v1/namespaces/team/deployments", false, null).verb());
    }

    @Test
    void aWebSocketExecIsAuthorizedAsTheCreateItIs() {
        for (String sub : List.of("exec", "attach", "portforward")) {
            String path = "/api/v1/namespaces/team/pods/web/" + sub;
            assertEquals("create", RequestAttributes.of(U, RequestInfo.parse("GET", path, false), null, true).verb());
            assertEquals("get", RequestAttributes.of(U, RequestInfo.parse("GET", path, false), null, false).verb());
            assertEquals("create", RequestAttributes.of(U, RequestInfo.parse("POST", path, false), null, true).verb());
        }
        assertEquals("get", RequestAttributes.of(U, RequestInfo.parse("GET", "/api/v1/namespaces/team/pods/web/log", false), null,
                true).verb());
    }
}
