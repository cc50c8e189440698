package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.kinds.MetadataValidation.NameRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataValidationTest {
    private static List<String> check(String metadata, boolean namespaced, NameRule rule) {
        return messages(MetadataValidation.validate(json("{\"metadata\":" + metadata + "}"), namespaced, rule));
    }

    @Test
    void nameRulesByKind() {
        assertEquals(NameRule.SUBDOMAIN, MetadataValidation.nameRuleFor("", "Pod"));
        assertEquals(NameRule.SUBDOMAIN, MetadataValidation.nameRuleFor("apps", "Deployment"));
        assertEquals(NameRule.SUBDOMAIN, MetadataValidation.nameRuleFor("example.com", "Widget"));
        assertEquals(NameRule.LABEL, MetadataValidation.nameRuleFor("", "Namespace"));
        assertEquals(NameRule.DNS1035_LABEL, MetadataValidation.nameRuleFor(null, "Service"));
        assertEquals(NameRule.PATH_SEGMENT, MetadataValidation.nameRuleFor("rbac.authorization.k8s.io", "ClusterRole"));
        assertEquals(NameRule.PATH_SEGMENT, MetadataValidation.nameRuleFor("rbac.authorization.k8s.io", "RoleBinding"));
    }

    @Test
    void subdomainNames() {
        assertEquals(List.of("metadata.name: Invalid value: \"My_App\": a lowercase RFC 1123 subdomain must consist of lower"
                + " case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
                + " 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                check("{\"name\":\"My_App\",\"namespace\":\"default\"}", true, NameRule.SUBDOMAIN));
        assertTrue(check("{\"name\":\"web.v1-2\",\"namespace\":\"default\"}", true, NameRule.SUBDOMAIN).isEmpty());
        assertEquals("metadata.name: Invalid value: \"" + "a".repeat(254) + "\": must be no more than 253 characters",
                check("{\"name\":\"" + "a".repeat(254) + "\"}", false, NameRule.SUBDOMAIN).get(0));
    }

    @Test
    void labelNames() {
        assertEquals(List.of("metadata.name: Invalid value: \"team.a\": a lowercase RFC 1123 label must consist of lower"
                + " case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
                + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                check("{\"name\":\"team.a\"}", false, NameRule.LABEL));
        assertEquals(List.of("metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case"
                + " alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric"
                + " character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
                check("{\"name\":\"1web\",\"namespace\":\"default\"}", true, NameRule.DNS1035_LABEL));
    }

    @Test
    void pathSegmentNames() {
        assertTrue(check("{\"name\":\"system:controller:Deploy_ment\"}", false, NameRule.PATH_SEGMENT).isEmpty());
        assertEquals(List.of("metadata.name: Invalid value: \"a/b%c\": may not contain '/'",
                "metadata.name: Invalid value: \"a/b%c\": may not contain '%'"),
                check("{\"name\":\"a/b%c\"}", false, NameRule.PATH_SEGMENT));
        assertEquals(List.of("metadata.name: Invalid value: \"..\": may not be '..'"),
                check("{\"name\":\"..\"}", false, NameRule.PATH_SEGMENT));
    }

    @Test
    void nameOrGenerateNameAndNamespace() {
        assertEquals(List.of("metadata.name: Required value: name or generateName is required",
                "metadata.namespace: Required value"), check("{}", true, NameRule.SUBDOMAIN));
        assertTrue(check("{\"generateName\":\"web-\",\"namespace\":\"default\"}", true, NameRule.SUBDOMAIN).isEmpty());
        assertEquals(List.of("metadata.generateName: Invalid value: \"Web-\": a lowercase RFC 1123 subdomain must consist"
                + " of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                + " character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                check("{\"generateName\":\"Web-\"}", false, NameRule.SUBDOMAIN));
        assertEquals(List.of("metadata.namespace: Forbidden: not allowed on this type"),
                check("{\"name\":\"n\",\"namespace\":\"default\"}", false, NameRule.LABEL));
        assertEquals(1, check("{\"name\":\"n\",\"namespace\":\"Bad_NS\"}", true, NameRule.SUBDOMAIN).size());
    }

    @Test
    void labelsAndAnnotations() {
        assertEquals(List.of(
                "metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or"
                        + " '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
                        + " '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "metadata.labels: Invalid value: \"/x\": prefix part must be non-empty",
                "metadata.labels: Invalid value: \"v!\": a valid label must be an empty string or consist of alphanumeric"
                        + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
                        + " 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                        + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                check("{\"name\":\"n\",\"labels\":{\"-bad\":\"ok\",\"app\":\"v!\",\"/x\":\"\"}}", false, NameRule.SUBDOMAIN));
        assertTrue(check("{\"name\":\"n\",\"annotations\":{\"Example.COM/Key\":\"v\"}}", false, NameRule.SUBDOMAIN).isEmpty(),
                "annotation keys are checked in lower case");
        String big = "x".repeat(MetadataValidation.TOTAL_ANNOTATION_SIZE_LIMIT);
        assertEquals(List.of("metadata.annotations: Too long: may not be more than 262144 bytes"),
                check("{\"name\":\"n\",\"annotations\":{\"k\":\"" + big + "\"}}", false, NameRule.SUBDOMAIN));
        assertTrue(check("{\"name\":\"n\",\"annotations\":{\"k\":\"" + big.substring(1) + "\"}}", false,
                NameRule.SUBDOMAIN).isEmpty());
    }

    @Test
    void finalizersAndOwnerReferences() {
        assertEquals(List.of("metadata.finalizers: Invalid value: \"bad/finalizer/name\": a qualified name must consist of"
                + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
                + " 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g."
                + " 'example.com/MyName')"),
                check("{\"name\":\"n\",\"finalizers\":[\"example.com/ok\",\"bad/finalizer/name\"]}", false, NameRule.SUBDOMAIN));
        assertEquals(List.of("metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer"
                + " orphan and foregroundDeletion cannot be both set"),
                check("{\"name\":\"n\",\"finalizers\":[\"orphan\",\"foregroundDeletion\"]}", false, NameRule.SUBDOMAIN));
        ObjectNode obj = json("""
                {"metadata":{"name":"n","ownerReferences":[{"apiVersion":"apps/","kind":"","name":"","uid":""}]}}""");
        assertEquals(List.of("metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty"),
                messages(MetadataValidation.validate(obj, false, NameRule.SUBDOMAIN)));
        assertTrue(check("{\"name\":\"n\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
                + "\"name\":\"rs\",\"uid\":\"u1\",\"controller\":true}]}", false, NameRule.SUBDOMAIN).isEmpty());
        List<String> twoControllers = check("{\"name\":\"n\",\"ownerReferences\":["
                + "{\"apiVersion\":\"v1\",\"kind\":\"A\",\"name\":\"a\",\"uid\":\"1\",\"controller\":true},"
                + "{\"apiVersion\":\"v1\",\"kind\":\"B\",\"name\":\"b\",\"uid\":\"2\",\"controller\":true}]}", false,
                NameRule.SUBDOMAIN);
        assertEquals(1, twoControllers.size());
        assertTrue(twoControllers.get(0).endsWith("Only one reference can have Controller set to true. Found \"true\" in"
                + " references for A/a and B/b"), twoControllers.get(0));
    }

    @Test
    void maskTrailingDash() {
        assertEquals("web-a", MetadataValidation.maskTrailingDash("web-a-"));
        assertEquals("wea", MetadataValidation.maskTrailingDash("web-"));
        assertEquals("-", MetadataValidation.maskTrailingDash("-"));
    }
}
