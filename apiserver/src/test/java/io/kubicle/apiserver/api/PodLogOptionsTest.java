package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.ApiError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class PodLogOptionsTest {
    private static MultiMap query(String... pairs) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    @Test
    void checkedOptionsAreForwardedInTheKubeletsOrder() {
        PodLogOptions options = PodLogOptions.parse("web", query("tailLines", "10", "container", "app", "follow", "1",
                "timestamps", "True", "sinceTime", "2026-12-06T10:00:00+01:00", "limitBytes", "4096", "unknown", "x"));
        assertEquals("app", options.container());
        assertEquals("follow=true&timestamps=true&sinceTime=2026-12-06T10%3A00%3A00%2B01%3A00&tailLines=10&limitBytes=4096",
                options.query());
    }

    @Test
    void noOptionsIsAnEmptyQuery() {
        PodLogOptions options = PodLogOptions.parse("web", query());
        assertEquals("", options.container());
        assertEquals("", options.query());
    }

    @Test
    void valuesOutOfRangeAreInvalidWithTheFieldNamed() {
        ApiError e = assertThrows(ApiError.class, () -> PodLogOptions.parse("web", query("tailLines", "-1", "limitBytes", "0")));
        assertEquals(422, e.code());
        assertEquals("PodLogOptions \"web\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0,"
                + " limitBytes: Invalid value: 0: must be greater than 0]", e.getMessage());
        ApiError both = assertThrows(ApiError.class, () -> PodLogOptions.parse("web",
                query("sinceSeconds", "5", "sinceTime", "2026-12-06T10:00:00Z")));
        assertTrue(both.getMessage().contains("at most one of `sinceTime` or `sinceSeconds` may be specified"), both.getMessage());
        ApiError zero = assertThrows(ApiError.class, () -> PodLogOptions.parse("web", query("sinceSeconds", "0")));
        assertTrue(zero.getMessage().contains("sinceSeconds: Invalid value: 0: must be greater than 0"), zero.getMessage());
    }

    @Test
    void valuesOfTheWrongTypeAreBadRequests() {
        for (String[] bad : new String[][] {{"tailLines", "ten"}, {"follow", "yes"}, {"sinceTime", "yesterday"}}) {
            ApiError e = assertThrows(ApiError.class, () -> PodLogOptions.parse("web", query(bad)));
            assertEquals(400, e.code());
            assertTrue(e.getMessage().startsWith(bad[0] + ": invalid value \"" + bad[1] + "\""), e.getMessage());
        }
    }

    @Test
    void theContainerIsTheOnlyOneOrMustBeNamed() throws Exception {
        JsonNode one = Json.MAPPER.readTree("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"containers\":[{\"name\":\"app\"}]}}");
        assertEquals("app", PodBackends.container(one, ""));
        JsonNode two = Json.MAPPER.readTree("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"initContainers\":[{\"name\":\"init\"}],"
                + "\"containers\":[{\"name\":\"app\"},{\"name\":\"side\"}]}}");
        assertEquals("init", PodBackends.container(two, "init"));
        ApiError unnamed = assertThrows(ApiError.class, () -> PodBackends.container(two, ""));
        assertEquals(400, unnamed.code());
        assertEquals("a container name must be specified for pod web, choose one of: [init app side]", unnamed.getMessage());
        ApiError wrong = assertThrows(ApiError.class, () -> PodBackends.container(two, "nope"));
        assertEquals("container nope is not valid for pod web", wrong.getMessage());
    }
}
