package io.kubicle.apiserver.api.crd.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void acceptsAndRejectsLikeKubeOpenApi() {
        String[][] good = {{"date-time", "2024-01-02T03:04:05Z"}, {"date-time", "2024-01-02T03:04:05.123+02:00"},
            {"date", "2024-02-29"}, {"uri", "https://example.com/a?b=c"}, {"email", "a@b.io"},
            {"hostname", "my-host.example.com"}, {"ipv4", "10.0.0.1"}, {"ipv6", "::1"}, {"ipv6", "fe80::1:2"},
            {"ipv6", "::ffff:10.0.0.1"}, {"cidr", "10.0.0.0/8"}, {"cidr", "fd00::/64"},
            {"uuid", "123e4567-e89b-12d3-a456-426614174000"}, {"byte", "aGVsbG8="}, {"duration", "1h30m"},
            {"duration", "3d"}, {"int32", "anything"}};
        for (String[] g : good) {
            assertTrue(Formats.valid(g[0], g[1]), g[0] + " " + g[1]);
        }
        String[][] bad = {{"date-time", "2024-01-02"}, {"date", "2023-02-29"}, {"uri", "http://x/%zz"},
            {"email", "nope"}, {"hostname", "-bad-"}, {"ipv4", "10.0.0.256"}, {"ipv4", "::1"}, {"ipv6", "10.0.0.1"},
            {"ipv6", "1::2::3"}, {"cidr", "10.0.0.0/33"}, {"cidr", "10.0.0.0"}, {"uuid", "xyz"}, {"byte", "!!"},
            {"duration", "forever"}};
        for (String[] b : bad) {
            assertFalse(Formats.valid(b[0], b[1]), b[0] + " " + b[1]);
        }
    }

    @Test
    void formatErrorsReadAsTypeErrors() {
        CrdSchema s = SchemaFixture.spec("""
                type: object
                properties:
                  ip: {type: string, format: ipv4}
                  size: {type: string, format: int32}
                """);
        assertEquals(List.of("spec.ip: Invalid value: \"300.1.1.1\": spec.ip in body must be of type ipv4: \"300.1.1.1\""),
                SchemaFixture.errors(s, SchemaFixture.withSpec("{\"ip\":\"300.1.1.1\",\"size\":\"huge\"}")));
    }
}
